//! Post-incident reviews (R19): `panel` is a closed P0 or P1's review on its
//! ticket's page, `facts` the part of it the log writes, and `board` the
//! lead's page of reviews not done and open action items.

mod board;
mod facts;
mod panel;

pub use board::ReviewsPage;
pub use panel::ReviewPanel;
