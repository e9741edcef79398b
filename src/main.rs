//! The browser entry point. Natively this binary does nothing: the app runs only in WebAssembly.

#[cfg(target_arch = "wasm32")]
fn main() {
    kariz::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Kariz runs in the browser: use `make serve` and open http://127.0.0.1:8080");
}
