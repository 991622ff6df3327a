//! Server functions: the typed calls the browser makes to the desk.
//!
//! Each function takes one input and returns a view type or an [`AppError`].
//! Under `ssr` the bodies resolve the [`Actor`](crate::domain::Actor) and the
//! [`DeskApi`] from context and call it; they hold no SQL and no rules.

mod error;
mod intake;
mod queue;
#[cfg(feature = "ssr")]
mod ssr;
mod ticket;

pub use error::AppError;
pub use intake::{IntakeSetup, RegisterTicket, load_intake, register_ticket};
pub use queue::{LoadQueue, QueueRow, QueueView, load_queue};
#[cfg(feature = "ssr")]
pub use ssr::DeskApi;
pub use ticket::{LoadTicket, TicketView, load_ticket};
