//! Keys and signed JWTs for OAuth 2.0: the private key of a `private_key_jwt` client
//! (RFC 7523), read from PEM (PKCS#1, PKCS#8, SEC1) or a JWK, and the ephemeral key of DPoP
//! proofs (RFC 9449). Signing is jsonwebtoken's, on ring; this file only reads key formats.

use super::Error;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use jsonwebtoken::jwk::{AlgorithmParameters, CommonParameters, EllipticCurve, EllipticCurveKeyParameters, EllipticCurveKeyType, Jwk};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use std::fmt;

/// DER of the rsaEncryption algorithm identifier's OID (1.2.840.113549.1.1.1).
const RSA_OID: &[u8] = &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// DER of the id-ecPublicKey OID (1.2.840.10045.2.1).
const EC_OID: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// DER of the P-256 curve's OID (1.2.840.10045.3.1.7).
const P256_OID: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/// A private key that signs client assertions: RSA (RS256) or P-256 (ES256).
///
/// It reads PEM (`RSA PRIVATE KEY`, `EC PRIVATE KEY`, or PKCS#8 `PRIVATE KEY`) or a JWK
/// (`{"kty":"RSA",…}` or `{"kty":"EC","crv":"P-256",…}`, whose `kid` it keeps). Its `Debug`
/// output shows the algorithm and key id, never the key.
#[derive(Clone)]
pub struct PrivateKey {
    key: EncodingKey,
    algorithm: Algorithm,
    kid: Option<String>,
    public: Jwk,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey").field("algorithm", &self.algorithm).field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// Reads a key from PEM or JWK text. The error says what is wrong, never the key.
    pub fn parse(text: &str) -> Result<PrivateKey, Error> {
        let text = text.trim();
        if text.starts_with('{') {
            return from_jwk(text).map_err(|why| Error::Config(format!("the private key is not a usable JWK: {why}")));
        }
        // A PEM key kept on one line of an environment file has its line breaks written `\n`.
        let text = text.replace("\\n", "\n");
        from_pem(&text).map_err(|why| Error::Config(format!("the private key is not usable PEM: {why}")))
    }

    /// The algorithm it signs with: `RS256` or `ES256`.
    pub fn algorithm(&self) -> &'static str {
        match self.algorithm {
            Algorithm::ES256 => "ES256",
            _ => "RS256",
        }
    }

    /// The key id of a JWK that carried one.
    pub fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The public half as a JWK (JSON text), for registering the key with a server or for
    /// a mock token endpoint that verifies assertions.
    pub fn public_jwk(&self) -> String {
        let mut public = self.public.clone();
        public.common.key_id.clone_from(&self.kid);
        serde_json::to_string(&public).unwrap_or_default()
    }

    /// A signed JWT with these claims, with `kid` in its header only when one is known.
    pub(crate) fn sign<C: serde::Serialize>(&self, kid: Option<&str>, claims: &C) -> Result<String, Error> {
        let mut header = Header::new(self.algorithm);
        header.kid = kid.or(self.kid.as_deref()).map(str::to_string);
        jsonwebtoken::encode(&header, claims, &self.key).map_err(|err| Error::Config(format!("could not sign a client assertion: {err}")))
    }
}

/// The claims of a client assertion (RFC 7523 §3).
#[derive(serde::Serialize)]
pub(crate) struct AssertionClaims<'a> {
    pub(crate) iss: &'a str,
    pub(crate) sub: &'a str,
    pub(crate) aud: &'a str,
    pub(crate) iat: u64,
    pub(crate) exp: u64,
    pub(crate) jti: String,
}

/// The ephemeral P-256 key that signs DPoP proofs, made when the client is built and never
/// written anywhere.
pub(crate) struct DpopKey {
    key: EncodingKey,
    jwk: Jwk,
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DpopKey(ES256)")
    }
}

/// The claims of a DPoP proof (RFC 9449 §4.2).
#[derive(serde::Serialize)]
struct ProofClaims<'a> {
    jti: String,
    htm: &'a str,
    htu: &'a str,
    iat: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<String>,
}

impl DpopKey {
    /// A fresh key from the system's random source.
    pub(crate) fn generate() -> Result<DpopKey, Error> {
        let random = SystemRandom::new();
        let failed = || Error::Config("could not make a DPoP key from the system's random source".to_string());
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &random).map_err(|_| failed())?;
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &random).map_err(|_| failed())?;
        let jwk = ec_jwk(&pair.public_key().as_ref()[1..]).ok_or_else(|| Error::Config("the DPoP key has no P-256 public point".to_string()))?;
        Ok(DpopKey { key: EncodingKey::from_ec_der(pkcs8.as_ref()), jwk })
    }

    /// A proof for `method` on `url`, with the server's nonce when it gave one, and bound
    /// to the access token when there is one (`ath`).
    pub(crate) fn proof(&self, method: &str, url: &url::Url, nonce: Option<&str>, token: Option<&str>) -> Result<String, Error> {
        let mut htu = url.clone();
        htu.set_query(None);
        htu.set_fragment(None);
        let claims = ProofClaims {
            jti: random_id()?,
            htm: method,
            htu: htu.as_str(),
            iat: now(),
            nonce,
            ath: token.map(|token| URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, token.as_bytes()))),
        };
        let mut header = Header::new(Algorithm::ES256);
        header.typ = Some("dpop+jwt".to_string());
        header.jwk = Some(self.jwk.clone());
        jsonwebtoken::encode(&header, &claims, &self.key).map_err(|err| Error::Config(format!("could not sign a DPoP proof: {err}")))
    }
}

/// 16 random bytes, base64url: a `jti` no other JWT shares.
pub(crate) fn random_id() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    SystemRandom::new().fill(&mut bytes).map_err(|_| Error::Config("the system's random source failed".to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// The public JWK of a P-256 point given as `x || y` (64 bytes).
fn ec_jwk(point: &[u8]) -> Option<Jwk> {
    if point.len() != 64 {
        return None;
    }
    Some(Jwk {
        common: CommonParameters::default(),
        algorithm: AlgorithmParameters::EllipticCurve(EllipticCurveKeyParameters {
            key_type: EllipticCurveKeyType::EC,
            curve: EllipticCurve::P256,
            x: URL_SAFE_NO_PAD.encode(&point[..32]),
            y: URL_SAFE_NO_PAD.encode(&point[32..]),
        }),
    })
}

/// The public JWK of an RSA key's modulus and exponent (big-endian bytes).
fn rsa_jwk(n: &[u8], e: &[u8]) -> Jwk {
    Jwk {
        common: CommonParameters::default(),
        algorithm: AlgorithmParameters::RSA(jsonwebtoken::jwk::RSAKeyParameters {
            key_type: jsonwebtoken::jwk::RSAKeyType::RSA,
            n: URL_SAFE_NO_PAD.encode(n),
            e: URL_SAFE_NO_PAD.encode(e),
        }),
    }
}

/// A key from PEM text.
fn from_pem(text: &str) -> Result<PrivateKey, String> {
    let begin = text.find("-----BEGIN ").ok_or("no `-----BEGIN` line")?;
    let label_start = begin + "-----BEGIN ".len();
    let label_end = text[label_start..].find("-----").ok_or("the `-----BEGIN` line is not closed")? + label_start;
    let label = &text[label_start..label_end];
    let end_line = format!("-----END {label}-----");
    let body_end = text.find(&end_line).ok_or_else(|| format!("no `{end_line}` line"))?;
    let body = &text[label_end + 5..body_end];
    if body.contains("Proc-Type:") {
        return Err("it is encrypted: decrypt it first (`openssl pkcs8 -topk8 -nocrypt -in key.pem -out plain.pem`)".to_string());
    }
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let der = STANDARD.decode(body).map_err(|_| "its body is not base64".to_string())?;
    match label {
        "RSA PRIVATE KEY" => rsa_from_pkcs1(&der),
        "EC PRIVATE KEY" => ec_from_sec1(&der),
        "PRIVATE KEY" => from_pkcs8(&der),
        "ENCRYPTED PRIVATE KEY" => Err("it is encrypted: decrypt it first (`openssl pkcs8 -in key.pem -out plain.pem`)".to_string()),
        other => Err(format!("`{other}` is not a private key: give an RSA or P-256 private key")),
    }
}

/// An RSA key from PKCS#1 `RSAPrivateKey` DER.
fn rsa_from_pkcs1(der: &[u8]) -> Result<PrivateKey, String> {
    let fields = der::sequence(der).ok_or("the RSA key is not DER")?;
    let [_version, n, e, ..] = fields.as_slice() else {
        return Err("the RSA key has too few fields".to_string());
    };
    let public = rsa_jwk(der::unsigned(n), der::unsigned(e));
    ring::signature::RsaKeyPair::from_der(der).map_err(|err| format!("ring refuses the RSA key: {err}"))?;
    Ok(PrivateKey { key: EncodingKey::from_rsa_der(der), algorithm: Algorithm::RS256, kid: None, public })
}

/// An EC key from SEC1 `ECPrivateKey` DER, checked to be on P-256.
fn ec_from_sec1(der: &[u8]) -> Result<PrivateKey, String> {
    let fields = der::sequence(der).ok_or("the EC key is not DER")?;
    let mut public = None;
    for field in &fields[2.min(fields.len())..] {
        match der::context(field) {
            Some((0, parameters)) if parameters != P256_OID => return Err("the EC key is not on P-256: only ES256 is supported".to_string()),
            Some((1, bits)) => public = der::bit_string(bits),
            _ => {}
        }
    }
    let point = public.ok_or("the EC key has no public key: write it with its public key, or as PKCS#8")?;
    let point = point.strip_prefix(&[0x04]).ok_or("the EC key's public point is compressed")?;
    let public = ec_jwk(point).ok_or("the EC key is not on P-256: only ES256 is supported")?;
    let algorithm = der::tlv(0x30, &[EC_OID, P256_OID].concat());
    let pkcs8 = der::tlv(0x30, &[&[0x02, 0x01, 0x00][..], &algorithm, &der::tlv(0x04, der)].concat());
    ec_key(pkcs8, public)
}

/// A key from PKCS#8 `PrivateKeyInfo` DER: RSA, or EC on P-256.
fn from_pkcs8(der: &[u8]) -> Result<PrivateKey, String> {
    let fields = der::sequence(der).ok_or("the key is not DER")?;
    let [_version, algorithm, key, ..] = fields.as_slice() else {
        return Err("the PKCS#8 key has too few fields".to_string());
    };
    let inner = der::octet_string(key).ok_or("the PKCS#8 key has no private key")?;
    if algorithm.windows(RSA_OID.len()).any(|w| w == RSA_OID) {
        return rsa_from_pkcs1(inner);
    }
    if !algorithm.windows(EC_OID.len()).any(|w| w == EC_OID) {
        return Err("the key is neither RSA nor EC: only RS256 and ES256 are supported".to_string());
    }
    if !algorithm.windows(P256_OID.len()).any(|w| w == P256_OID) {
        return Err("the EC key is not on P-256: only ES256 is supported".to_string());
    }
    ec_from_sec1(inner)
}

/// An ES256 key from PKCS#8 DER, checked by ring now rather than at the first signature.
fn ec_key(pkcs8: Vec<u8>, public: Jwk) -> Result<PrivateKey, String> {
    EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &pkcs8, &SystemRandom::new()).map_err(|err| format!("ring refuses the EC key: {err}"))?;
    Ok(PrivateKey { key: EncodingKey::from_ec_der(&pkcs8), algorithm: Algorithm::ES256, kid: None, public })
}

/// A key from a JWK's JSON text.
fn from_jwk(text: &str) -> Result<PrivateKey, String> {
    let jwk: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).map_err(|err| format!("it is not a JSON object: {}", err.to_string().split(" at line ").next().unwrap_or_default()))?;
    let field = |name: &str| -> Result<Vec<u8>, String> {
        let value = jwk.get(name).and_then(|v| v.as_str()).ok_or_else(|| format!("it has no `{name}`: a private JWK needs it"))?;
        URL_SAFE_NO_PAD.decode(value.trim_end_matches('=')).map_err(|_| format!("its `{name}` is not base64url"))
    };
    let kid = jwk.get("kid").and_then(|v| v.as_str()).map(str::to_string);
    let mut key = match jwk.get("kty").and_then(|v| v.as_str()) {
        Some("RSA") => {
            let parts = ["n", "e", "d", "p", "q", "dp", "dq", "qi"].map(field);
            let mut integers = der::integer(&[0]);
            for part in &parts {
                integers.extend(der::integer(part.as_ref().map_err(Clone::clone)?));
            }
            rsa_from_pkcs1(&der::tlv(0x30, &integers))?
        }
        Some("EC") => {
            if jwk.get("crv").and_then(|v| v.as_str()) != Some("P-256") {
                return Err("its `crv` is not `P-256`: only ES256 is supported".to_string());
            }
            let (d, x, y) = (field("d")?, field("x")?, field("y")?);
            if d.len() != 32 || x.len() != 32 || y.len() != 32 {
                return Err("its `d`, `x` and `y` are not 32 bytes each, as P-256 needs".to_string());
            }
            let point = [&[0x00, 0x04][..], &x, &y].concat();
            let sec1 = der::tlv(0x30, &[&[0x02, 0x01, 0x01][..], &der::tlv(0x04, &d), &der::tlv(0xa1, &der::tlv(0x03, &point))].concat());
            ec_from_sec1(&sec1)?
        }
        Some(other) => return Err(format!("its `kty` is `{other}`: only `RSA` and `EC` are supported")),
        None => return Err("it has no `kty`".to_string()),
    };
    key.kid = kid;
    Ok(key)
}

/// The little DER the key formats need: reading a sequence's elements, and writing TLVs.
mod der {
    /// The elements of a DER SEQUENCE, each with its tag and length.
    pub(super) fn sequence(der: &[u8]) -> Option<Vec<&[u8]>> {
        let (tag, content, rest) = split(der)?;
        if tag != 0x30 || !rest.is_empty() {
            return None;
        }
        let mut elements = Vec::new();
        let mut rest = content;
        while !rest.is_empty() {
            let (_, _, after) = split(rest)?;
            elements.push(&rest[..rest.len() - after.len()]);
            rest = after;
        }
        Some(elements)
    }

    /// The tag, content and what follows of the first TLV.
    fn split(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
        let (&tag, rest) = der.split_first()?;
        let (&first, rest) = rest.split_first()?;
        let (length, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 || rest.len() < count {
                return None;
            }
            let length = rest[..count].iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (length, &rest[count..])
        };
        (rest.len() >= length).then(|| (tag, &rest[..length], &rest[length..]))
    }

    /// The content of a TLV of the given tag.
    fn content(element: &[u8], tag: u8) -> Option<&[u8]> {
        split(element).filter(|(t, _, _)| *t == tag).map(|(_, content, _)| content)
    }

    /// An INTEGER's magnitude, without its sign byte.
    pub(super) fn unsigned(element: &[u8]) -> &[u8] {
        let value = content(element, 0x02).unwrap_or_default();
        value.strip_prefix(&[0]).filter(|v| !v.is_empty()).unwrap_or(value)
    }

    /// An OCTET STRING's content.
    pub(super) fn octet_string(element: &[u8]) -> Option<&[u8]> {
        content(element, 0x04)
    }

    /// A BIT STRING's bits, when no bit is unused.
    pub(super) fn bit_string(element: &[u8]) -> Option<&[u8]> {
        content(element, 0x03)?.strip_prefix(&[0])
    }

    /// The number and content of an explicit context-specific tag (`[0]`, `[1]`).
    pub(super) fn context(element: &[u8]) -> Option<(u8, &[u8])> {
        let (tag, content, _) = split(element)?;
        (tag & 0xe0 == 0xa0).then_some((tag & 0x1f, content))
    }

    /// A TLV of the given tag around `content`.
    pub(super) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let length = content.len();
        if length < 0x80 {
            out.push(length as u8);
        } else {
            let bytes: Vec<u8> = length.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend(bytes);
        }
        out.extend_from_slice(content);
        out
    }

    /// A non-negative INTEGER of the given big-endian magnitude.
    pub(super) fn integer(magnitude: &[u8]) -> Vec<u8> {
        let trimmed: &[u8] = match magnitude.iter().position(|b| *b != 0) {
            Some(start) => &magnitude[start..],
            None => &[0],
        };
        let mut content = Vec::with_capacity(trimmed.len() + 1);
        if trimmed[0] & 0x80 != 0 {
            content.push(0);
        }
        content.extend_from_slice(trimmed);
        tlv(0x02, &content)
    }
}
