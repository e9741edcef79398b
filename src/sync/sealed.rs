//! End-to-end encryption in a round: the database's key found or set up on the server (checked
//! against its sealed check value, so a wrong passphrase is caught before anything is read or
//! written), and a transport that seals what goes out and opens what comes in (the format is
//! [`super::encryption`]'s). The cipher is the platform's — WebCrypto in the browser
//! ([`super::webcrypto`]), the RustCrypto crates in the native tests — behind [`Cipher`].

use serde_json::Value;

use super::encryption::{
    apply_opened, apply_sealed, base64_decode, base64_encode, check_aad, open_jobs, seal_jobs,
    CryptoJob, EncryptionError, KeySetup, CHECK_PLAINTEXT, KEY_SETUP_PATH,
};
use super::http::{Method, Request, Response, SendError, Transport};
use super::replicator::SyncError;

/// PBKDF2-SHA-256 iterations of a new database's key (OWASP's 2023 advice).
pub const ITERATIONS: u32 = 600_000;

/// A database's keys, derived from the passphrase: AES-256-GCM for contents, and the secret
/// revision ids are keyed with.
#[allow(async_fn_in_trait)]
pub trait Cipher {
    /// The key of revision ids (see [`crate::domain::sync::RevId::derive_keyed`]).
    fn rev_key(&self) -> &[u8];
    /// A random 96-bit nonce, then AES-GCM's ciphertext and tag of `job.data`, bound to `job.aad`.
    async fn seal(&self, job: &CryptoJob) -> Result<Vec<u8>, EncryptionError>;
    /// The plaintext of what [`Cipher::seal`] made; another key or other additional data is
    /// [`EncryptionError::WrongPassphrase`].
    async fn open(&self, job: &CryptoJob) -> Result<Vec<u8>, EncryptionError>;
}

/// Makes a [`Cipher`] from a passphrase.
#[allow(async_fn_in_trait)]
pub trait KeyMaker {
    type Key: Cipher;
    /// PBKDF2-SHA-256 of `passphrase` with `salt` → 64 bytes: the AES key, then the revision key.
    async fn derive(
        &self,
        passphrase: &str,
        salt: &[u8],
        iterations: u32,
    ) -> Result<Self::Key, EncryptionError>;
    /// 16 random bytes.
    fn random_salt(&self) -> Vec<u8>;
}

/// The database's key: read from the server and checked against `passphrase`, or set up there
/// when the database has none (with `iterations`). `known` is the set-up read on an earlier visit,
/// used when the server cannot be reached.
pub async fn unlock<T: Transport, K: KeyMaker>(
    transport: &T,
    maker: &K,
    passphrase: &str,
    iterations: u32,
    known: Option<&KeySetup>,
) -> Result<(K::Key, KeySetup), SendError> {
    let found = match transport.send(&request(Method::Get, None)).await {
        Ok(found) => found,
        Err(SendError::Unreachable(why)) => match known {
            Some(setup) => return open_with(maker, passphrase, setup.clone()).await,
            None => return Err(SendError::Unreachable(why)),
        },
        Err(other) => return Err(other),
    };
    match found.status {
        200 => {
            let setup: KeySetup = serde_json::from_value(found.body)
                .map_err(|e| malformed(format!("the key set-up: {e}")))?;
            open_with(maker, passphrase, setup).await
        }
        404 if found.body["reason"] == "missing" || found.body["reason"] == "deleted" => {
            let salt = maker.random_salt();
            let key = maker
                .derive(passphrase, &salt, iterations)
                .await
                .map_err(SendError::Encryption)?;
            let check = key
                .seal(&CryptoJob {
                    aad: check_aad(),
                    data: CHECK_PLAINTEXT.to_vec(),
                })
                .await
                .map_err(SendError::Encryption)?;
            let setup = KeySetup {
                salt: base64_encode(&salt),
                iterations,
                check: base64_encode(&check),
            };
            let body = serde_json::to_value(&setup).unwrap_or(Value::Null);
            let saved = transport.send(&request(Method::Put, Some(body))).await?;
            match saved.status {
                200..=299 => Ok((key, setup)),
                // Another device set it up meanwhile: use theirs.
                409 => Box::pin(unlock(transport, maker, passphrase, iterations, known)).await,
                _ => Err(SendError::Refused(SyncError::of(&saved))),
            }
        }
        _ => Err(SendError::Refused(SyncError::of(&found))),
    }
}

/// Whether the database is encrypted (has a key set-up), for a device about to sync without a
/// passphrase: taking sealed documents it cannot open would be taking nothing.
pub async fn is_encrypted<T: Transport>(transport: &T) -> Result<bool, SendError> {
    let found = transport.send(&request(Method::Get, None)).await?;
    match found.status {
        200 => Ok(true),
        404 if found.body["reason"] == "missing" || found.body["reason"] == "deleted" => Ok(false),
        _ => Err(SendError::Refused(SyncError::of(&found))),
    }
}

async fn open_with<K: KeyMaker>(
    maker: &K,
    passphrase: &str,
    setup: KeySetup,
) -> Result<(K::Key, KeySetup), SendError> {
    let salt = base64_decode(&setup.salt).map_err(SendError::Encryption)?;
    let key = maker
        .derive(passphrase, &salt, setup.iterations)
        .await
        .map_err(SendError::Encryption)?;
    let check = CryptoJob {
        aad: check_aad(),
        data: base64_decode(&setup.check).map_err(SendError::Encryption)?,
    };
    match key.open(&check).await {
        Ok(plain) if plain == CHECK_PLAINTEXT => Ok((key, setup)),
        _ => Err(SendError::Encryption(EncryptionError::WrongPassphrase)),
    }
}

fn request(method: Method, body: Option<Value>) -> Request {
    Request {
        method,
        path: KEY_SETUP_PATH.to_owned(),
        query: Vec::new(),
        body,
    }
}

fn malformed(what: String) -> SendError {
    SendError::Encryption(EncryptionError::Malformed(what))
}

/// A transport that seals the contents of what it sends and opens what it receives.
pub struct Sealed<'a, T, C> {
    pub inner: &'a T,
    pub key: &'a C,
}

impl<T: Transport, C: Cipher> Transport for Sealed<'_, T, C> {
    async fn send(&self, request: &Request) -> Result<Response, SendError> {
        let mut request = request.clone();
        let jobs = seal_jobs(&request);
        let mut sealed = Vec::with_capacity(jobs.len());
        for job in &jobs {
            sealed.push(self.key.seal(job).await.map_err(SendError::Encryption)?);
        }
        apply_sealed(&mut request, sealed);
        let mut response = self.inner.send(&request).await?;
        if (200..300).contains(&response.status) {
            let jobs = open_jobs(&request, &response).map_err(SendError::Encryption)?;
            let mut opened = Vec::with_capacity(jobs.len());
            for job in &jobs {
                opened.push(self.key.open(job).await.map_err(SendError::Encryption)?);
            }
            apply_opened(&mut response, opened).map_err(SendError::Encryption)?;
        }
        Ok(response)
    }
}
