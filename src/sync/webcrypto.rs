//! The browser's cipher for end-to-end encryption: WebCrypto's PBKDF2-SHA-256 and AES-256-GCM
//! (byte for byte what the native tests' RustCrypto crates do), behind [`super::sealed`]'s traits.

use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

use super::encryption::{CryptoJob, EncryptionError};
use super::sealed::{Cipher, KeyMaker};

/// Length of an AES-GCM nonce, in bytes.
const NONCE: usize = 12;

/// Makes keys with the page's WebCrypto.
pub struct WebCrypto;

/// A database's keys, as WebCrypto holds them.
pub struct WebKey {
    aes: CryptoKey,
    rev_key: Vec<u8>,
}

fn crypto() -> Result<web_sys::Crypto, EncryptionError> {
    web_sys::window()
        .ok_or_else(|| failed("no window"))?
        .crypto()
        .map_err(|_| failed("this browser has no WebCrypto"))
}

fn subtle() -> Result<SubtleCrypto, EncryptionError> {
    Ok(crypto()?.subtle())
}

fn failed(why: &str) -> EncryptionError {
    EncryptionError::Malformed(why.to_owned())
}

fn js_failed(error: JsValue) -> EncryptionError {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{error:?}"));
    EncryptionError::Malformed(message)
}

async fn resolve(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, EncryptionError> {
    JsFuture::from(promise.map_err(js_failed)?)
        .await
        .map_err(js_failed)
}

fn usages(names: &[&str]) -> Array {
    names.iter().map(|n| JsValue::from_str(n)).collect()
}

impl KeyMaker for WebCrypto {
    type Key = WebKey;

    async fn derive(
        &self,
        passphrase: &str,
        salt: &[u8],
        iterations: u32,
    ) -> Result<WebKey, EncryptionError> {
        let subtle = subtle()?;
        let secret = Uint8Array::from(passphrase.as_bytes());
        let base = resolve(subtle.import_key_with_str(
            "raw",
            &secret,
            "PBKDF2",
            false,
            &usages(&["deriveBits"]),
        ))
        .await?;
        let base: CryptoKey = base.unchecked_into();
        let params = Pbkdf2Params::new(
            "PBKDF2",
            &JsValue::from_str("SHA-256"),
            iterations,
            &Uint8Array::from(salt),
        );
        let bits = resolve(subtle.derive_bits_with_object(&params, &base, 512)).await?;
        let bits = Uint8Array::new(&bits).to_vec();
        let aes = resolve(subtle.import_key_with_str(
            "raw",
            &Uint8Array::from(&bits[..32]),
            "AES-GCM",
            false,
            &usages(&["encrypt", "decrypt"]),
        ))
        .await?;
        Ok(WebKey {
            aes: aes.unchecked_into(),
            rev_key: bits[32..].to_vec(),
        })
    }

    fn random_salt(&self) -> Vec<u8> {
        let mut salt = vec![0u8; 16];
        if let Ok(crypto) = crypto() {
            let _ = crypto.get_random_values_with_u8_array(&mut salt);
        }
        salt
    }
}

impl WebKey {
    fn params(&self, nonce: &[u8], aad: &[u8]) -> AesGcmParams {
        let params = AesGcmParams::new("AES-GCM", &Object::from(Uint8Array::from(nonce)));
        params.set_additional_data(&Object::from(Uint8Array::from(aad)));
        params
    }
}

impl Cipher for WebKey {
    fn rev_key(&self) -> &[u8] {
        &self.rev_key
    }

    async fn seal(&self, job: &CryptoJob) -> Result<Vec<u8>, EncryptionError> {
        let mut nonce = vec![0u8; NONCE];
        crypto()?
            .get_random_values_with_u8_array(&mut nonce)
            .map_err(js_failed)?;
        let sealed = resolve(subtle()?.encrypt_with_object_and_u8_array(
            &self.params(&nonce, &job.aad),
            &self.aes,
            &job.data,
        ))
        .await?;
        let mut out = nonce;
        out.extend(Uint8Array::new(&sealed).to_vec());
        Ok(out)
    }

    async fn open(&self, job: &CryptoJob) -> Result<Vec<u8>, EncryptionError> {
        if job.data.len() < NONCE {
            return Err(failed("a sealed value shorter than its nonce"));
        }
        let (nonce, sealed) = job.data.split_at(NONCE);
        let opened = JsFuture::from(
            subtle()?
                .decrypt_with_object_and_u8_array(&self.params(nonce, &job.aad), &self.aes, sealed)
                .map_err(js_failed)?,
        )
        .await
        // WebCrypto says only "OperationError": another key, or altered data.
        .map_err(|_| EncryptionError::WrongPassphrase)?;
        Ok(Uint8Array::new(&opened).to_vec())
    }
}
