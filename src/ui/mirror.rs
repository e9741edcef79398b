//! Reactive windows onto the workspace's state. Each [`Mirror`] reads one part of the state and
//! tracks a trigger that the workspace's change events pull, so a view re-renders when, and only
//! when, the part it reads has changed. The data itself lives once, in the workspace.

use std::rc::Rc;

use leptos::prelude::*;

use crate::store::IdbStore;
use crate::workspace::{State, Workspace};

/// The browser's workspace.
pub type AppWorkspace = Workspace<IdbStore>;

/// Where the workspace is kept once it is open.
pub type WorkspaceCell = StoredValue<Option<Rc<AppWorkspace>>, LocalStorage>;

thread_local! {
    /// What views read before the workspace is open: nothing stored, default settings.
    static EMPTY: State = State::default();
}

/// One part of the workspace's state, read reactively.
pub struct Mirror<T: 'static> {
    changed: Trigger,
    workspace: WorkspaceCell,
    part: fn(&State) -> &T,
}

impl<T> Clone for Mirror<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Mirror<T> {}

impl<T: 'static> Mirror<T> {
    pub fn new(workspace: WorkspaceCell, part: fn(&State) -> &T) -> Mirror<T> {
        Mirror {
            changed: Trigger::new(),
            workspace,
            part,
        }
    }

    /// Reads the part, and re-runs the caller when it changes.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.changed.track();
        self.with_untracked(f)
    }

    /// Reads the part without subscribing to its changes.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        match self.workspace.get_value() {
            Some(workspace) => f((self.part)(&workspace.state())),
            None => EMPTY.with(|state| f((self.part)(state))),
        }
    }

    /// Subscribes the caller to the part's changes.
    pub fn track(&self) {
        self.changed.track();
    }

    /// Tells the part's readers it changed.
    pub(crate) fn notify(&self) {
        self.changed.notify();
    }
}

impl<T: Clone + 'static> Mirror<T> {
    /// A copy of the part (tracked).
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    /// A copy of the part (untracked).
    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }
}
