//! Loading the demo data set: every record of it in one transaction.

use super::stored::Batch;
use super::Workspace;
use crate::domain::demo::{DemoData, DemoLanguage, DEMO_SEED};
use crate::store::{IdKind, Store, StoreError};

impl<S: Store> Workspace<S> {
    /// Stores the demo data set in `language` (see [`crate::domain::demo`]) beside whatever is
    /// stored, all or nothing; the demo's reps and targets replace the saved ones. Returns how many
    /// leads it added.
    pub async fn load_demo(&self, language: DemoLanguage) -> Result<usize, StoreError> {
        let mut data = {
            let state = self.state();
            DemoData::generate(
                DEMO_SEED,
                language,
                self.now(),
                self.clock.utc_offset_minutes(),
                &state.settings.questions,
                &state.settings.pipeline,
            )
        };
        let count =
            |n: usize| u32::try_from(n).map_err(|_| StoreError::Integrity("demo too large".into()));
        let leads = self
            .store
            .reserve_ids(IdKind::Lead, u64::from(count(data.leads.len())?))
            .await?;
        let activities = self
            .store
            .reserve_ids(IdKind::Activity, u64::from(count(data.activities.len())?))
            .await?;
        let deals = self
            .store
            .reserve_ids(IdKind::Doc, u64::from(count(data.deals.len())?))
            .await?;
        data.renumber(leads.start, activities.start, deals.start);
        let added = data.leads.len();
        self.commit(Batch {
            leads: data.leads,
            activities: data.activities,
            qualifications: data.qualifications,
            deals: data.deals,
            targets: Some(data.targets),
            ..Batch::default()
        })
        .await?;
        Ok(added)
    }
}
