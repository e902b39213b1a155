//! The generated package's metadata: what the user chose ([`PackageMeta`], checked before
//! anything is read), and what the manifest then says ([`Package`]), each value the user's
//! else the spec's `info` where it fits, else a default.

use crate::ir::Api;

/// What the generated `Cargo.toml` says about the package beyond its name; each value left
/// empty comes from the spec's `info` where it fits (a semantic `version`, an SPDX
/// `license`), else a default.
///
/// ```
/// let mut meta = oas_codegen::PackageMeta::default();
/// meta.set("license", "MIT OR Apache-2.0").unwrap();
/// meta.set("keywords", "okta,identity").unwrap();
/// meta.set("publish", "true").unwrap();
/// assert_eq!(meta.keywords, ["okta", "identity"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageMeta {
    /// The version; by default `info.version` when it is a semantic version, else `0.1.0`.
    pub version: Option<String>,
    /// A one-line description; by default one made from `info.title` and `info.version`.
    pub description: Option<String>,
    /// An SPDX license expression; by default `info.license` (its `identifier`, else its
    /// `name`) when that is one, else none.
    pub license: Option<String>,
    /// The URL of the repository.
    pub repository: Option<String>,
    /// Up to five crates.io keywords.
    pub keywords: Vec<String>,
    /// Whether `cargo publish` may publish the crate; `false` by default.
    pub publish: bool,
}

/// The keys [`PackageMeta::set`] takes (and `--package-meta KEY=VALUE`), besides `name`,
/// which is the crate's name.
pub const KEYS: &[&str] = &[
    "version",
    "description",
    "license",
    "repository",
    "keywords",
    "publish",
];

impl PackageMeta {
    /// Sets one value by its key, as `--package-meta KEY=VALUE` does: `keywords` is a
    /// comma-separated list, `publish` is `true` or `false`. The value is checked.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let mut next = self.clone();
        match key {
            "version" => next.version = Some(value.to_string()),
            "description" => next.description = Some(value.to_string()),
            "license" => next.license = Some(value.to_string()),
            "repository" => next.repository = Some(value.to_string()),
            "keywords" => {
                next.keywords = value
                    .split(',')
                    .map(|k| k.trim().to_string())
                    .filter(|k| !k.is_empty())
                    .collect()
            }
            "publish" => {
                next.publish = match value {
                    "true" => true,
                    "false" => false,
                    _ => return Err(format!("`publish` is `true` or `false`, not `{value}`")),
                }
            }
            _ => {
                return Err(format!(
                    "`{key}` is not a package key\n  = hint: the keys are {}, and `name` on the command line (the crate's name)",
                    KEYS.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
        next.check()?;
        *self = next;
        Ok(())
    }

    /// Checks every value as crates.io would: a semantic version, an SPDX license
    /// expression, an `http(s)` repository URL, up to five short ASCII keywords, and a
    /// description on one line.
    pub fn check(&self) -> Result<(), String> {
        if let Some(version) = &self.version {
            check_version(version)?;
        }
        if let Some(license) = &self.license {
            if !is_spdx(license) {
                return Err(format!(
                    "the license `{license}` is not an SPDX expression\n  = hint: write it as crates.io reads it, such as `MIT OR Apache-2.0`"
                ));
            }
        }
        if let Some(repository) = &self.repository {
            let scheme = repository.starts_with("https://") || repository.starts_with("http://");
            if !scheme || repository.chars().any(char::is_whitespace) {
                return Err(format!(
                    "the repository `{repository}` is not an http(s) URL\n  = hint: such as `https://github.com/owner/name`"
                ));
            }
        }
        if let Some(description) = &self.description {
            if description.trim().is_empty() || description.contains(['\n', '\r']) {
                return Err(
                    "the description is empty or spans lines\n  = hint: give one line".into(),
                );
            }
        }
        if self.keywords.len() > 5 {
            return Err(format!(
                "{} keywords are given; crates.io takes five at the most",
                self.keywords.len()
            ));
        }
        for keyword in &self.keywords {
            let valid = keyword.len() <= 20
                && keyword.starts_with(|c: char| c.is_ascii_alphabetic())
                && keyword
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'));
            if !valid {
                return Err(format!(
                    "the keyword `{keyword}` is not one crates.io takes\n  = hint: up to 20 ASCII letters, digits, `-`, `_` or `+`, starting with a letter"
                ));
            }
        }
        Ok(())
    }
}

/// The metadata the generated manifest holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The package name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its one-line description.
    pub description: String,
    /// Its SPDX license expression, if any is known.
    pub license: Option<String>,
    /// Its repository URL, if given.
    pub repository: Option<String>,
    /// Its keywords.
    pub keywords: Vec<String>,
    /// Whether it may be published.
    pub publish: bool,
}

impl Package {
    /// The package of a crate generated from `api`: the user's values, else the spec's
    /// where they fit, else the defaults.
    pub fn of(api: &Api, name: &str, meta: &PackageMeta) -> Package {
        let version = meta
            .version
            .clone()
            .or_else(|| Some(api.version.clone()).filter(|v| check_version(v).is_ok()))
            .unwrap_or_else(|| "0.1.0".to_string());
        let description = meta.description.clone().unwrap_or_else(|| {
            let title = api.title.split_whitespace().collect::<Vec<_>>().join(" ");
            format!(
                "A client for {title} {}, generated by oas-codegen.",
                api.version
            )
        });
        let license = meta
            .license
            .clone()
            .or_else(|| api.license.clone().filter(|l| is_spdx(l)));
        Package {
            name: name.to_string(),
            version,
            description,
            license,
            repository: meta.repository.clone(),
            keywords: meta.keywords.clone(),
            publish: meta.publish,
        }
    }

    /// The `[package]` lines after `name` and `version`, as TOML.
    pub fn manifest_lines(&self) -> String {
        let mut lines = format!("description = {}\n", toml_string(&self.description));
        if let Some(license) = &self.license {
            lines.push_str(&format!("license = {}\n", toml_string(license)));
        }
        if let Some(repository) = &self.repository {
            lines.push_str(&format!("repository = {}\n", toml_string(repository)));
        }
        if !self.keywords.is_empty() {
            let keywords: Vec<String> = self.keywords.iter().map(|k| toml_string(k)).collect();
            lines.push_str(&format!("keywords = [{}]\n", keywords.join(", ")));
        }
        if !self.publish {
            lines.push_str("publish = false\n");
        }
        lines
    }
}

/// Whether `text` is an SPDX license expression, as crates.io checks it.
fn is_spdx(text: &str) -> bool {
    spdx::Expression::parse(text).is_ok()
}

/// A TOML basic string: quoted, with `\`, `"` and control characters escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A semantic version as Cargo reads it: `MAJOR.MINOR.PATCH`, each a number without leading
/// zeros, then optionally `-pre` and `+build` of ASCII letters, digits, `-` and `.`.
pub fn check_version(version: &str) -> Result<(), String> {
    let (rest, build) = match version.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let number = |part: &str| {
        !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'))
            && part.parse::<u64>().is_ok()
    };
    let label = |text: &str| {
        text.split('.')
            .all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    // A numeric pre-release identifier is a number too: no leading zero, within u64.
    let pre_label = |text: &str| {
        label(text)
            && text
                .split('.')
                .all(|id| !id.bytes().all(|b| b.is_ascii_digit()) || number(id))
    };
    let parts: Vec<&str> = core.split('.').collect();
    let valid = parts.len() == 3
        && parts.iter().all(|part| number(part))
        && pre.is_none_or(pre_label)
        && build.is_none_or(label);
    if valid {
        Ok(())
    } else {
        Err(format!(
            "the crate version `{version}` is not a semantic version\n  = hint: write it as Cargo does, such as `0.1.0` or `1.2.3-beta.1`"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(version: &str, license: Option<&str>) -> Api {
        Api {
            title: "Pet \"Store\"\nAPI".to_string(),
            version: version.to_string(),
            license: license.map(str::to_string),
            ..Api::default()
        }
    }

    #[test]
    fn the_spec_gives_what_fits_and_the_user_wins() {
        let meta = PackageMeta::default();
        let package = Package::of(&api("2.16.0", Some("Apache-2.0")), "pets", &meta);
        assert_eq!(package.version, "2.16.0");
        assert_eq!(package.license.as_deref(), Some("Apache-2.0"));
        assert!(!package.publish);
        let package = Package::of(&api("1.0", Some("Apache 2.0")), "pets", &meta);
        assert_eq!(package.version, "0.1.0", "1.0 is not a semantic version");
        assert_eq!(package.license, None, "`Apache 2.0` is not SPDX");
        let mut meta = PackageMeta::default();
        meta.set("version", "3.0.0-beta.1").unwrap();
        meta.set("license", "MIT OR Apache-2.0").unwrap();
        meta.set("publish", "true").unwrap();
        let package = Package::of(&api("2.16.0", Some("BSD-3-Clause")), "pets", &meta);
        assert_eq!(package.version, "3.0.0-beta.1");
        assert_eq!(package.license.as_deref(), Some("MIT OR Apache-2.0"));
        assert!(!package.manifest_lines().contains("publish"));
    }

    #[test]
    fn the_manifest_lines_are_toml_whatever_the_title() {
        let mut meta = PackageMeta::default();
        meta.set("keywords", "pets, store").unwrap();
        meta.set("repository", "https://example.com/pets").unwrap();
        let lines = Package::of(&api("1.0.0", None), "pets", &meta).manifest_lines();
        assert_eq!(
            lines,
            "description = \"A client for Pet \\\"Store\\\" API 1.0.0, generated by oas-codegen.\"\nrepository = \"https://example.com/pets\"\nkeywords = [\"pets\", \"store\"]\npublish = false\n"
        );
    }

    #[test]
    fn versions_are_checked_as_cargo_does() {
        for good in [
            "0.1.0",
            "1.2.3",
            "10.20.30",
            "1.2.3-beta.1",
            "1.2.3+build-5",
            "1.0.0-rc-1+b.2",
        ] {
            assert_eq!(check_version(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "1",
            "1.0",
            "1.0.0.0",
            "01.0.0",
            "1.0.0-",
            "1.0.0+",
            "1.0.0-a..b",
            "1.0.0-rc.01",
            "1.0.99999999999999999999",
            "v1.0.0",
            "1.0.x",
        ] {
            assert!(check_version(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_values_are_refused_with_a_hint() {
        let mut meta = PackageMeta::default();
        for (key, value) in [
            ("version", "1.0"),
            ("license", "Apache 2.0"),
            ("repository", "github.com/x"),
            ("keywords", "a,b,c,d,e,f"),
            ("keywords", "no spaces"),
            ("publish", "yes"),
            ("colour", "red"),
        ] {
            assert!(meta.set(key, value).is_err(), "{key}={value}");
        }
        assert_eq!(meta, PackageMeta::default(), "a refused value is not kept");
        meta.set("license", "MIT").unwrap();
        assert_eq!(meta.license.as_deref(), Some("MIT"));
    }
}
