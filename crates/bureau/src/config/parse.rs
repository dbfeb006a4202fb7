//! Parsers for the human-friendly values settings take: sizes, durations, booleans, secrets.

use std::time::Duration;

use secrecy::SecretString;

/// Parses a byte size: a plain count, or a number with a unit (`KB`, `MB`, `GB`, `TB` in powers of
/// 1000, `KiB`, `MiB`, `GiB`, `TiB` in powers of 1024; `K`, `M`, `G` mean the binary units).
pub fn size(input: &str) -> Result<u64, String> {
    let s = input.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("invalid size '{input}'"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "mb" => 1000_u64.pow(2),
        "gb" => 1000_u64.pow(3),
        "tb" => 1000_u64.pow(4),
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        _ => {
            return Err(format!(
                "invalid size '{input}' (use e.g. 512MiB, 2GB or 1048576)"
            ));
        }
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("size '{input}' is too large"))
}

/// Parses a duration: a number followed by `s`, `m`, `h` or `d`; a bare `0` means zero.
pub fn duration(input: &str) -> Result<Duration, String> {
    let s = input.trim();
    if s == "0" {
        return Ok(Duration::ZERO);
    }
    let err = || format!("invalid duration '{input}' (use e.g. 30s, 15m, 12h or 14d)");
    let (digits, unit) = s.split_at(s.len().saturating_sub(1));
    let n: u64 = digits.trim().parse().map_err(|_| err())?;
    let secs = match unit {
        "s" => n,
        "m" => n.checked_mul(60).ok_or_else(err)?,
        "h" => n.checked_mul(3600).ok_or_else(err)?,
        "d" => n.checked_mul(86_400).ok_or_else(err)?,
        _ => return Err(err()),
    };
    Ok(Duration::from_secs(secs))
}

/// Parses a boolean written as true/false, yes/no, on/off or 1/0.
pub fn boolean(input: &str) -> Result<bool, String> {
    match input.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => Err(format!("invalid boolean '{input}' (use true or false)")),
    }
}

/// Accepts a signing secret (JWT, application credentials). A blank value is refused, so that
/// an unset shell variable passed on (`SECRET=${UNSET}`) never becomes an empty key that anyone
/// can sign with. The value itself never appears in the message.
pub fn secret(input: &str) -> Result<SecretString, String> {
    if input.trim().is_empty() {
        Err("an empty secret is refused: leave the setting unset or give it a strong value".into())
    } else {
        Ok(SecretString::from(input.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_secrets_are_refused() {
        assert!(secret("").is_err());
        assert!(secret("  ").is_err());
        assert!(secret("s3cret").is_ok());
    }

    #[test]
    fn sizes() {
        assert_eq!(size("1048576"), Ok(1 << 20));
        assert_eq!(size("512MiB"), Ok(512 << 20));
        assert_eq!(size("2GB"), Ok(2_000_000_000));
        assert_eq!(size("1 GiB"), Ok(1 << 30));
        assert!(size("12XB").is_err());
        assert!(size("").is_err());
        assert!(size("99999999999TB").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(duration("14d"), Ok(Duration::from_secs(14 * 86_400)));
        assert_eq!(duration("0"), Ok(Duration::ZERO));
        assert!(duration("10").is_err());
        assert!(duration("h").is_err());
        assert!(duration("").is_err());
    }

    #[test]
    fn booleans() {
        assert_eq!(boolean("Yes"), Ok(true));
        assert_eq!(boolean("0"), Ok(false));
        assert!(boolean("maybe").is_err());
    }
}
