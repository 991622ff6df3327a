//! Following the desk as it changes: the browser subscribes to the desk's
//! live event stream (`/api/v1/events`) and the page reloads its data when
//! an entry arrives. The browser's `EventSource` reconnects by itself and
//! resumes from the last entry it saw.

/// Calls `on_change` each time the desk's log gains an entry, for as long as
/// the calling component lives. Only in the browser: a page rendered on the
/// server is current as it is sent.
pub fn on_desk_change(on_change: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::{StoredValue, WithValue, on_cleanup};
        use wasm_bindgen::{JsCast, closure::Closure};
        let Ok(source) = web_sys::EventSource::new("/api/v1/events") else {
            return;
        };
        let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| on_change());
        if source
            .add_event_listener_with_callback("ticket", listener.as_ref().unchecked_ref())
            .is_err()
        {
            return;
        }
        // The stream and its listener live until the page leaves.
        let kept = StoredValue::new_local((source, listener));
        on_cleanup(move || {
            kept.with_value(|(source, _)| source.close());
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on_change;
}
