//! The authorize URL goes to the system browser, which would open anything handed to it
//! (a `file:` URL, a program's scheme); the server is trusted but the check is cheap.
//! Dotloop's sign-in page is https; plain http is accepted only on this computer's
//! loopback, where a development server's stand-in Dotloop runs.

use brokerdesk_core::admin_edit::EditInvalid;
use reqwest::Url;

pub fn authorize_url(raw: &str) -> Result<Url, EditInvalid> {
    let refused = || EditInvalid {
        code: "bad_authorize_url",
        message: format!(
            "The server sent {raw:?} as Dotloop's sign-in page, which is not a web address \
             this app opens. Tell the server's operator."
        ),
    };
    let url = Url::parse(raw.trim()).map_err(|_| refused())?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let allowed = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    if !allowed || !url.username().is_empty() || url.password().is_some() {
        return Err(refused());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_opened_and_plain_http_only_on_loopback() {
        for good in [
            "https://auth.dotloop.com/oauth/authorize?client_id=x&state=bdo.1",
            "http://127.0.0.1:40123/oauth/authorize?state=bdo.2",
            "http://localhost:8080/oauth/authorize",
        ] {
            assert!(authorize_url(good).is_ok(), "{good}");
        }
        for bad in [
            "http://auth.dotloop.com/oauth/authorize",
            "https://user:pw@auth.dotloop.com/oauth/authorize",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ms-settings:privacy",
            "not a url",
        ] {
            assert_eq!(
                authorize_url(bad).unwrap_err().code,
                "bad_authorize_url",
                "{bad}"
            );
        }
    }
}
