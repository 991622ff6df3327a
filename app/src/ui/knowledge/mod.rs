//! Archive and knowledge (R19): `search` is the search page and the
//! header's search box; `similar` lists the solved cases like a fault;
//! `articles` is the knowledge base; `panel` a ticket's articles.

mod articles;
mod panel;
mod search;
mod similar;

pub use articles::{ArticlePage, ArticlesPage};
pub use panel::KnowledgePanel;
pub use search::{SearchBox, SearchPage};
pub use similar::SimilarCases;
