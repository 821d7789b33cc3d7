//! Money: exact decimals with an ISO 4217 currency. Never floats.

use std::fmt;
use std::str::FromStr;

pub use rust_decimal::Decimal;

/// An ISO 4217 currency code such as `VND`, `THB` or `USD`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// Why a currency code or an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not three upper-case letters.
    #[error("currency {0:?} is not an ISO 4217 code (three capital letters, e.g. VND, THB, USD)")]
    BadCurrency(String),
    /// Not a decimal number.
    #[error("amount {0:?} is not a decimal number (write it as a string such as \"1500.00\")")]
    BadAmount(String),
    /// Below zero where only positive amounts make sense.
    #[error("amount {0} is negative")]
    Negative(Decimal),
    /// More decimal places than the currency has (e.g. a fraction of a dong).
    #[error("{currency} has {minor} decimal places, but the amount {amount} has more")]
    TooPrecise {
        /// The amount as given.
        amount: Decimal,
        /// Its currency.
        currency: Currency,
        /// The currency's minor units.
        minor: u32,
    },
    /// Larger than any real amount ([`MAX_AMOUNT`]).
    #[error("amount {0} is larger than redflag accepts (at most 10^15 in any currency)")]
    TooLarge(Decimal),
}

/// The largest amount accepted, in any currency's major units: 10^15 (a million billion dong
/// is about 40 billion US dollars). Reviews add up and multiply amounts (revenue shares,
/// effective hourly rates), and a decimal holds about 7.9 x 10^28; with every stored amount at
/// most this, those sums and products stay far inside it, so a review never overflows.
pub const MAX_AMOUNT: Decimal =
    // 10^15 as the decimal's low and middle 32-bit words (a const needs the raw parts; a test
    // checks the value).
    Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

impl Currency {
    /// Vietnamese dong (no minor units in practice).
    pub const VND: Currency = Currency(*b"VND");
    /// Thai baht.
    pub const THB: Currency = Currency(*b"THB");
    /// US dollar.
    pub const USD: Currency = Currency(*b"USD");

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII capitals are ever stored (see `from_str`).
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// How many decimal places amounts in this currency carry. VND is written without minor
    /// units in Vietnam (the xu has not circulated for decades), as are JPY, KRW and a few more.
    pub fn minor_units(&self) -> u32 {
        match &self.0 {
            b"VND" | b"JPY" | b"KRW" | b"IDR" | b"CLP" | b"ISK" | b"UGX" | b"XAF" | b"XOF"
            | b"PYG" | b"LAK" => 0,
            b"BHD" | b"KWD" | b"OMR" | b"JOD" | b"TND" | b"IQD" | b"LYD" => 3,
            _ => 2,
        }
    }

    /// Checks that `amount` fits this currency: not negative, no more decimal places than the
    /// currency has (trailing zeros are fine: `"12500000.00"` VND is twelve and a half million).
    pub fn check_amount(&self, amount: Decimal) -> Result<Decimal, MoneyError> {
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(MoneyError::Negative(amount));
        }
        if amount > MAX_AMOUNT {
            return Err(MoneyError::TooLarge(amount));
        }
        let normal = amount.normalize();
        if normal.scale() > self.minor_units() {
            return Err(MoneyError::TooPrecise {
                amount,
                currency: *self,
                minor: self.minor_units(),
            });
        }
        Ok(amount)
    }

    /// Rounds an amount (e.g. a conversion result) to this currency's minor units.
    pub fn round(&self, amount: Decimal) -> Decimal {
        amount.round_dp(self.minor_units())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_uppercase) {
            Ok(Currency([b[0], b[1], b[2]]))
        } else {
            Err(MoneyError::BadCurrency(s.to_owned()))
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

/// An amount in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// The amount, exact.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
}

impl Money {
    /// An amount in a currency.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// A decimal number written for people, thousands grouped with no-break spaces:
/// `12500000.50` as `12 500 000.50`. SI-style grouping reads the same in Vietnamese, Thai and
/// English, where a comma or a dot would mean opposite things.
pub fn group_thousands(number: &str) -> String {
    let (sign, rest) = match number.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", number),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::from(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Parses a decimal amount as the interchange writes it: `"1500.00"`, `"12500000"`.
/// Exponents, thousands separators and floats are refused, so nothing is guessed.
pub fn parse_decimal(s: &str) -> Result<Decimal, MoneyError> {
    let ok = !s.is_empty()
        && s.bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'))
        && s.bytes().filter(|b| *b == b'.').count() <= 1
        && s.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return Err(MoneyError::BadAmount(s.to_owned()));
    }
    Decimal::from_str(s).map_err(|_| MoneyError::BadAmount(s.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_above_ten_to_the_fifteen_are_refused() {
        assert_eq!(MAX_AMOUNT, Decimal::from(10u64.pow(15)));
        let vnd = Currency::VND;
        assert!(vnd.check_amount(MAX_AMOUNT).is_ok());
        assert!(matches!(
            vnd.check_amount(parse_decimal("1000000000000001").unwrap()),
            Err(MoneyError::TooLarge(_))
        ));
        assert!(matches!(
            Currency::THB.check_amount(parse_decimal("70000000000000000000000000000").unwrap()),
            Err(MoneyError::TooLarge(_))
        ));
        // The review's largest products stay far inside a decimal: a billion amounts at the
        // maximum, times 100 (a percentage), times 60 (a rate per hour).
        let sum = MAX_AMOUNT
            .checked_mul(Decimal::from(1_000_000_000u64))
            .unwrap();
        assert!(sum.checked_mul(Decimal::from(6000)).is_some());
    }

    #[test]
    fn vnd_has_no_minor_units_but_accepts_trailing_zeros() {
        let vnd = Currency::VND;
        assert!(
            vnd.check_amount(parse_decimal("12500000.00").unwrap())
                .is_ok()
        );
        assert!(matches!(
            vnd.check_amount(parse_decimal("12500000.5").unwrap()),
            Err(MoneyError::TooPrecise { .. })
        ));
        assert!(
            Currency::THB
                .check_amount(parse_decimal("1500.25").unwrap())
                .is_ok()
        );
        assert!(
            Currency::THB
                .check_amount(parse_decimal("1500.255").unwrap())
                .is_err()
        );
    }

    #[test]
    fn currency_codes_are_three_capitals() {
        assert_eq!("THB".parse::<Currency>().unwrap(), Currency::THB);
        assert!("thb".parse::<Currency>().is_err());
        assert!("BAHT".parse::<Currency>().is_err());
    }

    #[test]
    fn amounts_refuse_floats_exponents_and_separators() {
        for bad in ["1e5", "1,500", "", ".", "12 500", "--1", "1.2.3", "NaN"] {
            assert!(parse_decimal(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(parse_decimal("0.50").unwrap().to_string(), "0.50");
    }

    #[test]
    fn thousands_are_grouped_with_no_break_spaces() {
        assert_eq!(group_thousands("800000"), "800\u{a0}000");
        assert_eq!(group_thousands("12500000.50"), "12\u{a0}500\u{a0}000.50");
        assert_eq!(group_thousands("950"), "950");
        assert_eq!(group_thousands("-1250.00"), "-1\u{a0}250.00");
    }

    #[test]
    fn negative_amounts_are_refused() {
        assert!(matches!(
            Currency::USD.check_amount(parse_decimal("-1").unwrap()),
            Err(MoneyError::Negative(_))
        ));
    }
}
