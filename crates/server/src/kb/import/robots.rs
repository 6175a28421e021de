//! robots.txt, asked once per site and import: a page its rules disallow for
//! BrokerdeskBot is not fetched. No robots.txt (any 4xx) allows everything; one that
//! cannot be fetched or read is treated the same, since the page's own fetch goes
//! through the guard anyway.

use std::collections::HashMap;

use reqwest::Url;
use texting_robots::Robot;
use tokio::time::Instant;

use super::FetchError;
use super::fetch::{Fetcher, ROBOTS_AGENT};

/// The largest robots.txt read (Google reads 500 KiB).
const MAX_ROBOTS_BYTES: usize = 512 * 1024;

/// Each site's rules, by origin; `None` allows everything.
#[derive(Default)]
pub struct RobotsCache(HashMap<String, Option<Robot>>);

impl RobotsCache {
    /// Refuses `url` when its site's robots.txt disallows it.
    pub async fn check(
        &mut self,
        fetcher: &Fetcher,
        url: &Url,
        deadline: Instant,
    ) -> Result<(), FetchError> {
        let origin = url.origin().ascii_serialization();
        if !self.0.contains_key(&origin) {
            let rules = rules(fetcher, url, deadline).await;
            self.0.insert(origin.clone(), rules);
        }
        match self.0.get(&origin) {
            Some(Some(robot)) if !robot.allowed(url.as_str()) => Err(FetchError {
                code: "kb_robots_disallowed",
                message: format!("The site's robots.txt does not allow {url} to be fetched."),
            }),
            _ => Ok(()),
        }
    }
}

async fn rules(fetcher: &Fetcher, url: &Url, deadline: Instant) -> Option<Robot> {
    let robots_url = url.join("/robots.txt").ok()?;
    let fetched = fetcher
        .get(&robots_url, MAX_ROBOTS_BYTES, deadline)
        .await
        .ok()?;
    Robot::new(ROBOTS_AGENT, &fetched.body).ok()
}
