//! Plain text: a readout per file, the whole file its text (the seeds, the State Department
//! corpus).

use super::Records;
use crate::readout::Given;

pub(super) fn read(text: String, records: &mut Records) {
    records.readout(None, 0, text, Given::default());
}
