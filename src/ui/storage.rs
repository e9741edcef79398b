//! The browser's storage for this site: asking it to keep Kariz's data (not evict it when the
//! disk fills), and how much is used.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Used and available bytes, and whether the browser promised to keep the data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StorageStatus {
    pub used: f64,
    pub quota: f64,
    pub persistent: bool,
}

impl StorageStatus {
    /// Above this share of the quota the user is warned.
    pub const WARN_SHARE: f64 = 0.8;

    pub fn share_used(&self) -> f64 {
        if self.quota > 0.0 {
            self.used / self.quota
        } else {
            0.0
        }
    }
}

fn manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Not in every browser (or in insecure contexts): then there is nothing to ask or show.
    js_sys::Reflect::get(&navigator, &"storage".into())
        .ok()
        .filter(|v| !v.is_undefined())?;
    Some(navigator.storage())
}

/// Asks the browser to keep this site's data; whether it now will.
pub async fn request_persistence() -> bool {
    let Some(manager) = manager() else {
        return false;
    };
    let Ok(promise) = manager.persist() else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .is_ok_and(|granted| granted.as_bool() == Some(true))
}

/// What the browser says about this site's storage, if it says anything.
pub async fn status() -> Option<StorageStatus> {
    let manager = manager()?;
    let estimate: web_sys::StorageEstimate = JsFuture::from(manager.estimate().ok()?)
        .await
        .ok()?
        .unchecked_into();
    let persistent = JsFuture::from(manager.persisted().ok()?)
        .await
        .ok()?
        .as_bool()
        .unwrap_or(false);
    Some(StorageStatus {
        used: estimate.get_usage().unwrap_or(0.0),
        quota: estimate.get_quota().unwrap_or(0.0),
        persistent,
    })
}
