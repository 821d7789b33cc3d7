#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| redflag_fuzz::import_mapped(data));
