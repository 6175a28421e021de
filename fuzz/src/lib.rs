//! A small fuzzing loop that runs on stable Rust: start from a seed corpus, mutate inputs
//! at random (byte flips, insertions, deletions, repeats, splices of another seed and of
//! the target's own tokens), run the target on each, and stop at the first panic with
//! the input saved. There is no coverage guidance (that needs nightly's sanitizers);
//! the tokens steer mutations to the syntax the parsers care about instead.
//!
//! Every target runs `FUZZ_EXECS` inputs (default 10,000,000) from the seed `FUZZ_SEED`
//! (default: the time) and prints how many it ran.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// xorshift64*: fast, and the same run again from the same seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `bound` (which must be above 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }
}

/// One target: its name (the corpus folder), tokens worth splicing in, and the code
/// under test, which must never panic.
pub struct Target {
    pub name: &'static str,
    pub tokens: Vec<&'static str>,
    pub run: fn(&[u8]),
}

/// The largest input the mutator grows to: the parsers' limits are far above it, and
/// small inputs run fast.
const MAX_LEN: usize = 4096;

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>], tokens: &[&str]) {
    for _ in 0..1 + rng.below(4) {
        let at = if input.is_empty() {
            0
        } else {
            rng.below(input.len() + 1)
        };
        match rng.below(7) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 => input.insert(at, rng.next_u64() as u8),
            2 if !input.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(input.len());
                input.drain(at.min(end)..end);
            }
            3 => {
                let token = tokens[rng.below(tokens.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            4 if !input.is_empty() => {
                // Repeat a piece: many rows, deep nesting, long cells.
                let start = rng.below(input.len());
                let end = (start + 1 + rng.below(64)).min(input.len());
                let piece = input[start..end].to_vec();
                for _ in 0..1 + rng.below(8) {
                    input.splice(at..at, piece.iter().copied());
                }
            }
            5 => {
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + 1 + rng.below(other.len() - start)).min(other.len());
                    input.splice(at..at, other[start..end].iter().copied());
                }
            }
            _ => {
                // Interesting bytes: quotes, separators, line ends, UTF-8 lead bytes.
                const BYTES: &[u8] = b"\",;\r\n\t\\{}[]:0-+. \xc3\xe2\xf0\x80\xff";
                input.insert(at, BYTES[rng.below(BYTES.len())]);
            }
        }
    }
    input.truncate(MAX_LEN);
}

fn corpus_dir(target: &Target) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target.name)
}

/// Runs `target` for `FUZZ_EXECS` inputs; exits non-zero at the first panic, with the
/// input written to `fuzz/crashes/<target>-<n>`.
pub fn fuzz(target: Target) {
    let execs: u64 = std::env::var("FUZZ_EXECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let mut corpus: Vec<Vec<u8>> = std::fs::read_dir(corpus_dir(&target))
        .expect("the seed corpus folder exists")
        .map(|entry| std::fs::read(entry.expect("a corpus entry").path()).expect("readable"))
        .collect();
    assert!(
        !corpus.is_empty(),
        "the seed corpus of {} is empty",
        target.name
    );
    // Quiet: the loop reports panics itself.
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let mut input = Vec::new();
    for n in 0..execs {
        if n % 64 == 0 || input.len() >= MAX_LEN {
            input = corpus[rng.below(corpus.len())].clone();
        }
        mutate(&mut rng, &mut input, &corpus, &target.tokens);
        if catch_unwind(AssertUnwindSafe(|| (target.run)(&input))).is_err() {
            let crashes = Path::new(env!("CARGO_MANIFEST_DIR")).join("crashes");
            std::fs::create_dir_all(&crashes).expect("crashes folder");
            let path = crashes.join(format!("{}-{n}", target.name));
            std::fs::write(&path, &input).expect("crash written");
            eprintln!(
                "{}: PANIC after {n} executions (seed {seed}); input in {}",
                target.name,
                path.display()
            );
            std::process::exit(1);
        }
        // Keep a few inputs that grew, so later mutations build on them.
        if n % 100_000 == 0 && corpus.len() < 256 {
            corpus.push(input.clone());
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}: {execs} executions, no panic, {seconds:.1} s ({:.0}/s), seed {seed}",
        target.name,
        execs as f64 / seconds
    );
}
