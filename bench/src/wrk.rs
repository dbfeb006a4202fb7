//! Load from `wrk` (Debian's package): one GET at a fixed concurrency, its throughput and
//! latency percentiles read from `wrk --latency`'s report.

use std::{process::Command, time::Duration};

use anyhow::{Context as _, bail};

/// What one `wrk` run measured.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// Completed requests per second.
    pub rps: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// Answers that were not 2xx/3xx, plus socket errors.
    pub errors: u64,
}

/// Runs `wrk` against `url` with `connections` connections for `secs` seconds.
pub fn run(url: &str, connections: u32, secs: u64, headers: &[String]) -> anyhow::Result<Load> {
    let threads = connections.clamp(1, 2);
    let mut cmd = Command::new("wrk");
    cmd.arg("--latency")
        .arg(format!("-t{threads}"))
        .arg(format!("-c{connections}"))
        .arg(format!("-d{secs}s"));
    for h in headers {
        cmd.arg("-H").arg(h);
    }
    let out = cmd
        .arg(url)
        .output()
        .context("running wrk (bench/run installs it)")?;
    if !out.status.success() {
        bail!("wrk failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    parse(&String::from_utf8_lossy(&out.stdout))
}

/// Reads `wrk --latency`'s report.
fn parse(report: &str) -> anyhow::Result<Load> {
    let value_after = |prefix: &str| {
        report
            .lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix))
            .map(str::trim)
    };
    let rps = value_after("Requests/sec:")
        .context("no Requests/sec in wrk's report")?
        .parse()?;
    let p50 = duration(value_after("50%").context("no 50% latency in wrk's report")?)?;
    let p99 = duration(value_after("99%").context("no 99% latency in wrk's report")?)?;
    let non_2xx: u64 = value_after("Non-2xx or 3xx responses:")
        .map(str::parse)
        .transpose()?
        .unwrap_or(0);
    let socket: u64 = value_after("Socket errors:")
        .map(|s| {
            s.split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Ok(Load {
        rps,
        p50,
        p99,
        errors: non_2xx + socket,
    })
}

/// `812.00us`, `1.23ms`, `2.01s`.
fn duration(text: &str) -> anyhow::Result<Duration> {
    let (number, scale) = if let Some(n) = text.strip_suffix("us") {
        (n, 1e-6)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1e-3)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1.0)
    } else {
        bail!("unknown duration {text:?} in wrk's report")
    };
    Ok(Duration::from_secs_f64(number.parse::<f64>()? * scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 5s test @ http://127.0.0.1:1/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   450.12us  100.00us   5.00ms   90.00%
  Latency Distribution
     50%  412.00us
     75%  500.00us
     90%  600.00us
     99%    1.25ms
  100000 requests in 5.00s, 50.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  20000.50
Transfer/sec:     10.00MB
";

    #[test]
    fn reads_throughput_percentiles_and_errors() {
        let load = parse(REPORT).expect("parses");
        assert!((load.rps - 20000.5).abs() < 1e-9);
        assert_eq!(load.p50, Duration::from_micros(412));
        assert_eq!(load.p99, Duration::from_micros(1250));
        assert_eq!(load.errors, 7);
    }

    #[test]
    fn refuses_a_report_without_figures() {
        assert!(parse("wrk: connection refused").is_err());
    }
}
