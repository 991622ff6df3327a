//! Who else has a ticket open, and who is editing it. The page says where
//! the person stands (viewing, editing, gone) when it opens, when they
//! start or stop typing in one of its forms, on a steady beat, and when it
//! closes; the answer lists the others. The desk's live stream says when
//! someone arrives, leaves or starts editing, and the page asks again.

use crate::api::{Presence, Viewer, ticket_presence};
use crate::domain::TicketNumber;
use crate::ui::prelude::*;

/// The other visitors of the ticket on the page. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Visitors {
    others: RwSignal<Vec<Viewer>>,
    /// What the page last said about the person.
    standing: StoredValue<Presence>,
    number: Signal<String>,
}

impl Visitors {
    /// Starts saying where the person stands with the ticket `number`, for
    /// as long as the calling component lives (only in the browser).
    pub fn follow(number: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let visitors = Self {
            others: RwSignal::new(Vec::new()),
            standing: StoredValue::new(Presence::Viewing),
            number: Signal::derive(number),
        };
        #[cfg(feature = "hydrate")]
        visitors.start();
        visitors
    }

    /// Someone's presence on `number` changed: ask again if it is this one.
    pub fn changed(&self, number: TicketNumber) {
        if number.to_string() == self.number.get_untracked() {
            self.say(self.standing.get_value());
        }
    }

    /// Tells the server where the person stands, and keeps the answer.
    fn say(&self, presence: Presence) {
        self.standing.set_value(presence);
        let (others, number) = (self.others, self.number.get_untracked());
        leptos::task::spawn_local(async move {
            if let Ok(list) = ticket_presence(number, presence).await {
                others.set(list);
            }
        });
    }

    #[cfg(feature = "hydrate")]
    fn start(self) {
        use leptos::ev;
        self.say(Presence::Viewing);
        let beat = gloo_timers::callback::Interval::new(
            crate::api::PRESENCE_BEAT_SECONDS * 1_000,
            move || {
                self.say(self.standing.get_value());
            },
        );
        // Editing: the focus is in one of the page's form fields.
        let focus_in = window_event_listener(ev::focusin, move |_| {
            if super::workbench::typing() && self.standing.get_value() != Presence::Editing {
                self.say(Presence::Editing);
            }
        });
        let focus_out = window_event_listener(ev::focusout, move |_| {
            // The focus moves after `focusout`: look once it has landed.
            gloo_timers::callback::Timeout::new(50, move || {
                if !super::workbench::typing() && self.standing.get_value() == Presence::Editing {
                    self.say(Presence::Viewing);
                }
            })
            .forget();
        });
        // Closing the tab runs no cleanup: the browser sends the goodbye.
        let gone = window_event_listener(ev::pagehide, move |_| {
            let number = self.number.get_untracked();
            let Ok(form) = web_sys::UrlSearchParams::new() else {
                return;
            };
            form.append("number", &number);
            form.append("presence", "left");
            let _ = window()
                .navigator()
                .send_beacon_with_opt_url_search_params("/api/ticket/presence", Some(&form));
        });
        let kept = StoredValue::new_local(Some(beat));
        on_cleanup(move || {
            focus_in.remove();
            focus_out.remove();
            gone.remove();
            kept.update_value(|beat| drop(beat.take()));
            let number = self.number.get_untracked();
            leptos::task::spawn_local(async move {
                let _ = ticket_presence(number, Presence::Left).await;
            });
        });
    }
}

/// "Also here: …", and who is editing.
#[component]
pub fn VisitorList(visitors: Visitors) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let others = visitors.others.get();
        if others.is_empty() {
            return None;
        }
        let people = others
            .iter()
            .map(|v| v.name.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let editing = others
            .iter()
            .filter(|v| v.editing)
            .map(|v| {
                let person = v.name.clone();
                view! {
                    <li class="editing">
                        {move || t_string!(i18n, ticket.editing, person = person.clone()).to_string()}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <aside class="presence" aria-live="polite">
                <p>{move || t_string!(i18n, ticket.viewing, people = people.clone()).to_string()}</p>
                <ul>{editing}</ul>
            </aside>
        })
    }
}
