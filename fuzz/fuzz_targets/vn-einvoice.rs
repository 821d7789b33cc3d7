#![no_main]

redflag_fuzz::import_target!("vn-einvoice");
