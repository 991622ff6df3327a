//! What the pages import with `use crate::ui::prelude::*;`: Leptos, the
//! translations, the texts of domain values, and the pieces nearly every
//! page shows (loading and error panels, priority badges, countdowns, times
//! on the desk's clock).

pub use super::clock::{ServerClock, desk_offset, local_time};
pub use super::common::{Countdown, ErrorPanel, Loading, PriorityBadge, Worded, hydrated};
pub use crate::i18n::*;
pub use crate::texts;
pub use leptos::either::Either;
pub use leptos::prelude::*;
pub use leptos_meta::Title;

/// A translated text as a signal, for component props.
macro_rules! tr {
    ($i18n:expr, $($key:tt)+) => {
        Signal::derive(move || leptos_i18n::t_string!($i18n, $($key)+).to_string())
    };
}
pub(crate) use tr;
