//! redflag's vocabulary: parties and the events that happen with them, ids, money, time, the
//! message signals and the flags. Everything here is plain data with validation; nothing does
//! I/O or reads the clock.
//!
//! ```
//! use redflag_domain::{At, Currency, parse_decimal};
//! let at = At::parse("2025-03-01T23:14:00+07:00").unwrap();
//! assert_eq!(at.to_string(), "2025-03-01T23:14:00+07:00");
//! let fee = parse_decimal("12500000").unwrap();
//! assert!(Currency::VND.check_amount(fee).is_ok());
//! ```
#![deny(missing_docs)]

mod flag;
mod hours;
mod money;
mod record;
mod signal;
mod time;
mod vocab;

pub use flag::FlagId;
pub use hours::{BusinessHours, BusinessHoursError};
pub use jiff;
pub use money::{Currency, Decimal, MAX_AMOUNT, Money, MoneyError, group_thousands, parse_decimal};
pub use record::*;
pub use signal::{Signal, SignalHit, SignalSet, signal_set};
pub use time::{At, TimeError, parse_date, window_start};
pub use vocab::*;
