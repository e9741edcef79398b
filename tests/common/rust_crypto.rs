//! The native tests' cipher behind [`Cipher`] and [`KeyMaker`]: RustCrypto's PBKDF2-SHA-256 and
//! AES-256-GCM, byte for byte what WebCrypto does in the browser (`kariz::sync::webcrypto`).

use kariz::sync::encryption::{CryptoJob, EncryptionError};
use kariz::sync::sealed::{Cipher, KeyMaker};

/// The AES-GCM nonce's length in bytes, at the front of every sealed text.
const NONCE: usize = 12;

/// Makes [`RustKey`]s from passphrases.
pub struct RustCrypto;

/// A database's keys: AES-256-GCM for contents, and the key of revision ids.
pub struct RustKey {
    cipher: aes_gcm::Aes256Gcm,
    rev_key: Vec<u8>,
}

impl KeyMaker for RustCrypto {
    type Key = RustKey;
    async fn derive(
        &self,
        passphrase: &str,
        salt: &[u8],
        iterations: u32,
    ) -> Result<RustKey, EncryptionError> {
        use aes_gcm::KeyInit;
        let mut key = [0u8; 64];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase.as_bytes(), salt, iterations, &mut key);
        let cipher = aes_gcm::Aes256Gcm::new_from_slice(&key[..32])
            .map_err(|e| EncryptionError::Malformed(e.to_string()))?;
        Ok(RustKey {
            cipher,
            rev_key: key[32..].to_vec(),
        })
    }

    fn random_salt(&self) -> Vec<u8> {
        use aes_gcm::aead::{rand_core::RngCore, OsRng};
        let mut salt = vec![0u8; 16];
        OsRng.fill_bytes(&mut salt);
        salt
    }
}

impl Cipher for RustKey {
    fn rev_key(&self) -> &[u8] {
        &self.rev_key
    }

    async fn seal(&self, job: &CryptoJob) -> Result<Vec<u8>, EncryptionError> {
        use aes_gcm::aead::{Aead, AeadCore, OsRng, Payload};
        let nonce = aes_gcm::Aes256Gcm::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: &job.data,
            aad: &job.aad,
        };
        let sealed = self
            .cipher
            .encrypt(&nonce, payload)
            .map_err(|e| EncryptionError::Malformed(e.to_string()))?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(out)
    }

    async fn open(&self, job: &CryptoJob) -> Result<Vec<u8>, EncryptionError> {
        use aes_gcm::aead::{Aead, Payload};
        if job.data.len() < NONCE {
            return Err(EncryptionError::Malformed("too short".into()));
        }
        let (nonce, sealed) = job.data.split_at(NONCE);
        let payload = Payload {
            msg: sealed,
            aad: &job.aad,
        };
        self.cipher
            .decrypt(aes_gcm::Nonce::from_slice(nonce), payload)
            .map_err(|_| EncryptionError::WrongPassphrase)
    }
}
