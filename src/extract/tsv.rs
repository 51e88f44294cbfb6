//! The gazetteer's tables: tab-separated rows, `#` comments, lists joined by `|`. The
//! gazetteer reads them at run time; build.rs reads them to make the query's table of names.

/// The rows of `table`, each as `columns` trimmed fields (missing ones empty).
pub(crate) fn rows(table: &str, columns: usize) -> impl Iterator<Item = Vec<&str>> {
    table
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(move |line| {
            let mut fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            fields.resize(columns, "");
            fields
        })
}

/// The items of a `|`-separated field.
pub(crate) fn list(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}
