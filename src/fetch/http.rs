//! A polite HTTP client over ureq (blocking, rustls): it reads robots.txt once per host and
//! keeps off what it disallows, waits between requests to one host, names the tool in its
//! user agent, gives up on a request past a time limit or a body past a size cap, and tries
//! again with back-off what may pass (a timeout, a 5xx, a 429).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use texting_robots::Robot;
use ureq::Agent;

use super::FetchOptions;
use super::state::Validators;

/// Who the tool says it is.
pub(super) const USER_AGENT: &str =
    concat!("readouts/", env!("CARGO_PKG_VERSION"), " (feed fetcher)");
/// The name robots.txt rules are matched against.
const ROBOT_NAME: &str = "readouts";
/// How many redirects are followed.
const MAX_REDIRECTS: u32 = 5;

/// A body fetched, or none when the server said it is unchanged (304), and what tells a
/// later request whether it changed.
#[derive(Debug, Default)]
pub(super) struct Fetched {
    pub(super) body: Option<Vec<u8>>,
    pub(super) validators: Validators,
}

/// The rules of one host's robots.txt: none means it allows everything.
struct Host {
    robot: Option<Robot>,
    /// When the last request to the host was made.
    last: Option<Instant>,
}

pub(super) struct Client {
    agent: Agent,
    hosts: HashMap<String, Host>,
    delay: Duration,
    max_bytes: u64,
    retries: u32,
    retry_wait: Duration,
}

impl Client {
    pub(super) fn new(options: &FetchOptions) -> Client {
        let config = Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .user_agent(USER_AGENT)
            .http_status_as_error(false)
            .max_redirects(MAX_REDIRECTS)
            .build();
        Client {
            agent: config.into(),
            hosts: HashMap::new(),
            delay: options.delay,
            max_bytes: options.max_bytes,
            retries: options.retries,
            retry_wait: options.retry_wait,
        }
    }

    /// GETs `url` within the host's rules, conditionally when `known` validators are given.
    /// The error says why, in a line for the report.
    pub(super) fn get(&mut self, url: &str, known: Option<&Validators>) -> Result<Fetched, String> {
        let host = host_of(url).ok_or_else(|| format!("{url}: not an http(s) address"))?;
        if !self.hosts.contains_key(&host) {
            let robot = self.robots(url, &host);
            self.hosts.insert(host.clone(), Host { robot, last: None });
        }
        let allowed = self.hosts[&host]
            .robot
            .as_ref()
            .is_none_or(|robot| robot.allowed(url));
        if !allowed {
            return Err(format!("{url}: disallowed by the site's robots.txt"));
        }
        self.wait_for(&host);
        self.get_with_retries(url, known)
    }

    /// The host's robots.txt rules; a missing file (4xx) allows everything, and so does one
    /// that cannot be had, as crawlers treat them.
    fn robots(&mut self, url: &str, host: &str) -> Option<Robot> {
        let scheme = url.split_once("://").map_or("https", |(s, _)| s);
        let address = format!("{scheme}://{host}/robots.txt");
        let response = self.agent.get(&address).call().ok()?;
        if response.status() != 200 {
            return None;
        }
        let mut response = response;
        let body = response
            .body_mut()
            .with_config()
            .limit(512 * 1024)
            .read_to_vec()
            .ok()?;
        Robot::new(ROBOT_NAME, &body).ok()
    }

    /// Sleeps until the host may be asked again: the client's delay, or the crawl delay its
    /// robots.txt asks for when that is longer.
    fn wait_for(&mut self, host: &str) {
        let Some(entry) = self.hosts.get_mut(host) else {
            return;
        };
        let asked = (entry.robot.as_ref())
            .and_then(|r| r.delay)
            .map(|seconds| Duration::from_secs_f32(seconds.clamp(0.0, 60.0)));
        let delay = asked.map_or(self.delay, |asked| asked.max(self.delay));
        if let Some(last) = entry.last {
            let since = last.elapsed();
            if since < delay {
                std::thread::sleep(delay - since);
            }
        }
        entry.last = Some(Instant::now());
    }

    fn get_with_retries(&self, url: &str, known: Option<&Validators>) -> Result<Fetched, String> {
        let mut wait = self.retry_wait;
        let mut attempt = 0;
        loop {
            match self.get_once(url, known) {
                Err(Failure::Passing(why)) if attempt < self.retries => {
                    attempt += 1;
                    let _ = why;
                    std::thread::sleep(wait);
                    wait = wait.saturating_mul(2);
                }
                Err(Failure::Passing(why) | Failure::Lasting(why)) => {
                    return Err(format!("{url}: {why}"));
                }
                Ok(fetched) => return Ok(fetched),
            }
        }
    }

    fn get_once(&self, url: &str, known: Option<&Validators>) -> Result<Fetched, Failure> {
        let mut request = self.agent.get(url);
        if let Some(known) = known {
            if let Some(etag) = &known.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(modified) = &known.last_modified {
                request = request.header("If-Modified-Since", modified);
            }
        }
        let mut response = request.call().map_err(|e| match e {
            ureq::Error::Timeout(_) => Failure::Passing("timed out".into()),
            ureq::Error::Io(e) => Failure::Passing(e.to_string()),
            ureq::Error::ConnectionFailed => Failure::Passing("connection failed".into()),
            ureq::Error::TooManyRedirects => Failure::Lasting("too many redirects".into()),
            other => Failure::Lasting(other.to_string()),
        })?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            (response.headers().get(name))
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        match status {
            304 => {
                return Ok(Fetched {
                    body: None,
                    validators: known.cloned().unwrap_or(validators),
                });
            }
            200..=299 => {}
            429 | 500..=599 => {
                return Err(Failure::Passing(format!("the server answered {status}")));
            }
            _ => return Err(Failure::Lasting(format!("the server answered {status}"))),
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => {
                    Failure::Lasting(format!("over the size cap of {} MiB", self.max_bytes >> 20))
                }
                ureq::Error::Timeout(_) => Failure::Passing("timed out".into()),
                other => Failure::Passing(other.to_string()),
            })?;
        Ok(Fetched {
            body: Some(body),
            validators,
        })
    }
}

/// Why a request failed: for a reason that may pass, worth another try, or one that will not.
enum Failure {
    Passing(String),
    Lasting(String),
}

/// The host (and port) of an http(s) address, lowercased.
fn host_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}
