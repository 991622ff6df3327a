//! Archive and knowledge (R19): `search` is the search page and the
//! header's search box; `similar` lists the solved cases like a fault.

mod search;
mod similar;

pub use search::{SearchBox, SearchPage};
pub use similar::SimilarCases;
