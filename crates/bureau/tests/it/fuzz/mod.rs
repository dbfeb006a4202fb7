//! Fuzz targets on stable Rust: proptest strategies (random and mutated-from-valid inputs) run
//! for a bounded time each, `BUREAU_FUZZ_SECS` seconds (default 20; `scripts/fuzz` runs them
//! longer). The runner catches panics, so every target asserts "no panic" besides its own
//! properties, and a failure is shrunk to a minimal input and printed.

mod http;
mod inputs;

use std::time::{Duration, Instant};

use proptest::{
    prelude::*,
    test_runner::{Config, TestCaseError, TestError, TestRunner},
};

/// How long each target runs.
fn budget() -> Duration {
    let secs = std::env::var("BUREAU_FUZZ_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

/// Feeds inputs from `strategy` to `test` in rounds of `round` cases until the time budget is
/// spent; returns how many inputs ran. Fails on the first failing (or panicking) input.
pub fn fuzz<S: Strategy>(
    name: &str,
    round: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) -> anyhow::Result<u64>
where
    S::Value: std::fmt::Debug,
{
    let config = Config {
        cases: round,
        failure_persistence: None,
        max_shrink_iters: 2048,
        ..Config::default()
    };
    let started = Instant::now();
    let inputs = std::cell::Cell::new(0u64);
    while started.elapsed() < budget() {
        // A runner stops after `cases` successes: each round takes a fresh one (a fresh seed).
        let mut runner = TestRunner::new(config.clone());
        runner
            .run(&strategy, |value| {
                inputs.set(inputs.get() + 1);
                test(value)
            })
            .map_err(|e| match e {
                TestError::Fail(why, input) => {
                    anyhow::anyhow!("{name}: {why}\nminimal failing input: {input:#?}")
                }
                TestError::Abort(why) => anyhow::anyhow!("{name}: aborted: {why}"),
            })?;
    }
    let inputs = inputs.get();
    eprintln!(
        "fuzz {name}: {inputs} inputs in {:.0?}, no failure",
        started.elapsed()
    );
    Ok(inputs)
}

/// `seed` with 1 to 8 random edits: bytes replaced, inserted or removed, or the end cut off.
pub fn mutated(seed: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let edit = (0..4u8, any::<prop::sample::Index>(), any::<u8>());
    proptest::collection::vec(edit, 1..8).prop_map(move |edits| {
        let mut bytes = seed.clone();
        for (kind, at, byte) in edits {
            let i = if bytes.is_empty() {
                0
            } else {
                at.index(bytes.len())
            };
            match kind {
                0 if !bytes.is_empty() => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                2 if !bytes.is_empty() => {
                    bytes.remove(i);
                }
                _ => bytes.truncate(i),
            }
        }
        bytes
    })
}

/// Any JSON value, up to a few levels deep, with strings and numbers of every kind.
pub fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Binary fractions: every one survives a JSON round trip exactly.
        (-4_000_000i32..4_000_000).prop_map(|n| Value::from(f64::from(n) / 4.0)),
        any::<String>().prop_map(Value::String),
        "[a-z_]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{0,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
