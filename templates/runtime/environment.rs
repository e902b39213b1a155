//! `Client::from_env`: the client's settings from environment variables, named as Okta's
//! SDKs name theirs (`ORGURL`, `AUTHORIZATIONMODE`, `TOKEN`…) after the crate's prefix.

use super::{Client, ClientBuilder, Error};
use std::env::VarError;

impl Client {
    /// A client configured from environment variables; see [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }
}

impl ClientBuilder {
    /// A builder configured from environment variables, each named
    /// [`ENV_PREFIX`](super::ENV_PREFIX), an underscore, and one of:
    /// - `ORGURL`: the base URL (required);
    /// - `AUTHORIZATIONMODE`: `SSWS` (the API key), `Bearer`, `PrivateKey` or `ClientSecret`
    ///   (OAuth 2.0 client credentials); without it, the mode follows from which of `TOKEN`,
    ///   `PRIVATEKEY` and `CLIENTSECRET` is set;
    /// - `TOKEN`: the API key (`SSWS`) or access token (`Bearer`);
    /// - `CLIENTID`, and `CLIENTSECRET` or `PRIVATEKEY` (the PEM or JWK text itself), with
    ///   `PRIVATEKEYID` for the assertion's `kid`;
    /// - `SCOPES`: the scopes to ask for, separated by commas or spaces;
    /// - `DPOP`: `true` or `1` (in any case) binds tokens with DPoP.
    ///
    /// A variable that is missing, not Unicode, or contradicts another is an error that
    /// names it. Every setting can be changed afterwards with the builder's methods.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), {{crate}}::Error> {
    /// let client = {{crate}}::ClientBuilder::from_env()?.max_retries(3).build()?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<ClientBuilder, Error> {
        from_vars(&Vars { lookup: &|name| std::env::var(name) })
    }
}

/// The variables `from_env` reads, by their name without the prefix.
pub(crate) struct Vars<'a> {
    pub(crate) lookup: &'a dyn Fn(&str) -> Result<String, VarError>,
}

impl Vars<'_> {
    /// The whole name of a variable.
    pub(crate) fn name(&self, key: &str) -> String {
        format!("{}_{key}", super::ENV_PREFIX)
    }

    /// A variable's value; `None` when it is unset or empty.
    pub(crate) fn get(&self, key: &str) -> Result<Option<String>, Error> {
        match (self.lookup)(&self.name(key)) {
            Ok(value) if value.trim().is_empty() => Ok(None),
            Ok(value) => Ok(Some(value.trim().to_string())),
            Err(VarError::NotPresent) => Ok(None),
            Err(VarError::NotUnicode(_)) => Err(Error::Config(format!("`{}` is not valid Unicode", self.name(key)))),
        }
    }

    /// A variable that must be set.
    pub(crate) fn require(&self, key: &str) -> Result<String, Error> {
        self.get(key)?.ok_or_else(|| Error::Config(format!("`{}` is not set", self.name(key))))
    }

    /// An error when a variable that `mode` does not use is set: it contradicts the mode.
    pub(crate) fn forbid(&self, key: &str, mode: &str) -> Result<(), Error> {
        match self.get(key)? {
            Some(_) => Err(Error::Config(format!(
                "`{}` is set, but `{}` is `{mode}`, which does not use it: unset one of them",
                self.name(key),
                self.name("AUTHORIZATIONMODE")
            ))),
            None => Ok(()),
        }
    }

    /// A yes-or-no variable: `true` or `1` is yes, `false`, `0` or unset is no.
    pub(crate) fn flag(&self, key: &str) -> Result<bool, Error> {
        match self.get(key)?.map(|v| v.to_ascii_lowercase()).as_deref() {
            None | Some("false" | "0") => Ok(false),
            Some("true" | "1") => Ok(true),
            Some(_) => Err(Error::Config(format!("`{}` must be `true`, `1`, `false` or `0`", self.name(key)))),
        }
    }
}

/// A builder from the variables `vars` gives.
pub(crate) fn from_vars(vars: &Vars<'_>) -> Result<ClientBuilder, Error> {
    let builder = Client::builder(vars.require("ORGURL")?);
    let mode = match vars.get("AUTHORIZATIONMODE")? {
        Some(mode) => mode,
        None => implied_mode(vars)?.to_string(),
    };
    match mode.to_ascii_lowercase().as_str() {
        "ssws" | "bearer" => {
            for key in ["CLIENTID", "CLIENTSECRET", "PRIVATEKEY", "PRIVATEKEYID", "SCOPES"] {
                vars.forbid(key, &mode)?;
            }
            if vars.flag("DPOP")? {
                vars.forbid("DPOP", &mode)?;
            }
            let token = vars.require("TOKEN")?;
            if mode.eq_ignore_ascii_case("bearer") {
                Ok(builder.bearer_token(token))
            } else {
                super::operations::api_key_from_env(builder, token)
            }
        }
        "privatekey" | "clientsecret" => {
            vars.forbid("TOKEN", &mode)?;
            super::operations::client_credentials_from_env(builder, &mode, vars)
        }
        _ => Err(Error::Config(format!(
            "`{}` is `{mode}`: use `SSWS`, `Bearer`, `PrivateKey` or `ClientSecret`",
            vars.name("AUTHORIZATIONMODE")
        ))),
    }
}

/// The mode when `AUTHORIZATIONMODE` is unset: the one whose credential is set.
fn implied_mode(vars: &Vars<'_>) -> Result<&'static str, Error> {
    let set: Vec<(&str, &str)> = [("TOKEN", "SSWS"), ("PRIVATEKEY", "PrivateKey"), ("CLIENTSECRET", "ClientSecret")]
        .into_iter()
        .filter_map(|(key, mode)| vars.get(key).map(|v| v.map(|_| (key, mode))).transpose())
        .collect::<Result<_, _>>()?;
    match set.as_slice() {
        [(_, mode)] => Ok(mode),
        [] => Err(Error::Config(format!(
            "`{}` is not set, and neither is a credential (`{}`, `{}` or `{}`)",
            vars.name("AUTHORIZATIONMODE"),
            vars.name("TOKEN"),
            vars.name("PRIVATEKEY"),
            vars.name("CLIENTSECRET")
        ))),
        [(first, _), (second, _), ..] => Err(Error::Config(format!(
            "both `{}` and `{}` are set: set `{}` to say which to use",
            vars.name(first),
            vars.name(second),
            vars.name("AUTHORIZATIONMODE")
        ))),
    }
}
