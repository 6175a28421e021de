//! "Open in Dotloop": a finding's loop URL goes to the system browser. The URL comes
//! from imported data, so only a web address on Dotloop's own domain is opened; any
//! other (a `file:` URL, a look-alike host) is refused.

use reqwest::Url;

use brokerdesk_core::admin_edit::EditInvalid;

/// Dotloop's domain; loop URLs are on it or on a subdomain of it.
const DOTLOOP_DOMAIN: &str = "dotloop.com";

/// `raw` as a URL the system browser may open, or why not.
pub fn dotloop_url(raw: &str) -> Result<Url, EditInvalid> {
    let refused = || EditInvalid {
        code: "not_a_dotloop_url",
        message: format!("{raw:?} is not a Dotloop web address, so it is not opened."),
    };
    let url = Url::parse(raw.trim()).map_err(|_| refused())?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let on_dotloop = host == DOTLOOP_DOMAIN || host.ends_with(&format!(".{DOTLOOP_DOMAIN}"));
    if url.scheme() != "https" || !on_dotloop || !url.username().is_empty() {
        return Err(refused());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_addresses_on_dotloop_are_opened() {
        let url = dotloop_url(" https://www.dotloop.com/my/loop/34523401 ").unwrap();
        assert_eq!(url.as_str(), "https://www.dotloop.com/my/loop/34523401");
        assert!(dotloop_url("https://dotloop.com/loop/1").is_ok());
        for bad in [
            "http://www.dotloop.com/loop/1",
            "https://dotloop.com.evil.test/loop/1",
            "https://evildotloop.com/loop/1",
            "https://user@www.dotloop.com/loop/1",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "not a url",
        ] {
            let refused = dotloop_url(bad).unwrap_err();
            assert_eq!(refused.code, "not_a_dotloop_url", "{bad}");
        }
    }
}
