//! stub
pub struct ImportOptions; pub struct ImportReport;
pub fn run(_o: &ImportOptions) -> Result<ImportReport, super::ImportError> { Ok(ImportReport) }
