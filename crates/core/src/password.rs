//! What makes a password acceptable: at least 12 characters, and not guessable. The
//! guessability estimate is zxcvbn's, whose dictionaries hold the commonest passwords,
//! names and keyboard patterns, so "password1234" fails although it is long enough.

pub const MIN_LENGTH: usize = 12;

/// zxcvbn scores 0 (trivial) to 4; 3 means "safely unguessable: moderate protection
/// from offline slow-hash scenario", the level argon2id storage assumes.
const MIN_SCORE: u8 = 3;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRejected {
    #[error("Use at least {MIN_LENGTH} characters; this password has {0}.")]
    TooShort(usize),
    #[error("This password is too easy to guess. {0}")]
    TooGuessable(String),
}

/// Checks a new password. `personal` holds words the password must not lean on, such as
/// the user's email, name and company.
pub fn check_new_password(password: &str, personal: &[&str]) -> Result<(), PasswordRejected> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(PasswordRejected::TooShort(length));
    }
    let estimate = zxcvbn::zxcvbn(password, personal);
    if u8::from(estimate.score()) < MIN_SCORE {
        let advice = estimate
            .feedback()
            .and_then(|f| f.warning().map(|w| w.to_string()))
            .unwrap_or_else(|| "Try a longer phrase of unrelated words.".to_owned());
        return Err(PasswordRejected::TooGuessable(advice));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_rejected_with_their_length() {
        assert_eq!(
            check_new_password("Xk#9vLp2", &[]),
            Err(PasswordRejected::TooShort(8))
        );
        assert_eq!(
            check_new_password("", &[]),
            Err(PasswordRejected::TooShort(0))
        );
    }

    #[test]
    fn long_but_common_passwords_are_rejected() {
        for common in [
            "password1234",
            "123456789012",
            "qwertyuiop123",
            "aaaaaaaaaaaa",
            "iloveyou1234",
        ] {
            assert!(
                matches!(
                    check_new_password(common, &[]),
                    Err(PasswordRejected::TooGuessable(_))
                ),
                "{common} was accepted"
            );
        }
    }

    #[test]
    fn passwords_built_on_personal_details_are_rejected() {
        let verdict = check_new_password("acmerealty2026", &["acmerealty", "olivia@acme.test"]);
        assert!(
            matches!(verdict, Err(PasswordRejected::TooGuessable(_))),
            "{verdict:?}"
        );
    }

    #[test]
    fn a_long_unpredictable_passphrase_is_accepted() {
        assert_eq!(
            check_new_password("copper-lantern-orbit-meadow", &[]),
            Ok(())
        );
        assert_eq!(check_new_password("Tr0mb0ne!Gl4cier#", &[]), Ok(()));
    }
}
