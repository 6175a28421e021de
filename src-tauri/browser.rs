//! Opening a web address in the system browser ("Open in Dotloop", connecting Dotloop)
//! with the platform's own opener, so the app needs no opener plugin. Callers check the
//! address first: the opener would start whatever a URL's scheme names.

use brokerdesk_core::error::ErrorBody;

pub fn open(url: &str) -> Result<(), ErrorBody> {
    let (program, args): (&str, &[&str]) = if cfg!(target_os = "windows") {
        ("rundll32", &["url.dll,FileProtocolHandler"])
    } else if cfg!(target_os = "macos") {
        ("open", &[])
    } else {
        ("xdg-open", &[])
    };
    std::process::Command::new(program)
        .args(args)
        .arg(url)
        .spawn()
        // Reaped off the command's thread; the opener hands over to the browser and exits.
        .map(|mut opener| drop(std::thread::spawn(move || opener.wait())))
        .map_err(|e| {
            ErrorBody::new(
                "browser_unavailable",
                format!("No browser could be started ({e}); open {url} in yours."),
            )
        })
}
