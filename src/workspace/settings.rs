//! Commands that save settings: the scoring model, the question bank, the profile, the rules, the
//! pipeline's stages and the sales targets. Each validates in the domain first.

use std::collections::HashMap;
use std::sync::Arc;

use super::state::Settings;
use super::stored::{
    next_revision, Batch, PROFILE_SETTING, QUESTIONS_SETTING, RULES_SETTING, SCORING_SETTING,
};
use super::{Changed, CommandError, Workspace};
use crate::domain::forecast::{SalesTargets, TargetProblem};
use crate::domain::pipeline::{
    delete_stage, Deal, PipelineConfig, StageDeleteError, StageId, StageProblem,
};
use crate::domain::qualification::{BankError, QuestionBank};
use crate::domain::records::profile::{Profile, ProfileProblem};
use crate::domain::rules::{RuleProblem, RuleSet};
use crate::domain::scoring::{CompiledModel, ModelError, ScoringModel};
use crate::domain::Revision;
use crate::store::{Setting, Store, StoreError, Unreadable};

/// Why the pipeline's stages were not saved.
#[derive(Clone, Debug, PartialEq)]
pub enum PipelineProblem {
    Stage(StageProblem),
    /// A stage cannot be deleted as asked.
    Delete(StageDeleteError),
}

/// The saved settings documents with their versions; one that cannot be read keeps its default
/// and is reported.
pub(super) struct Loaded {
    pub settings: Settings,
    pub unreadable: Vec<Unreadable>,
    pub revisions: HashMap<&'static str, Revision>,
}

pub(super) async fn load<S: Store>(store: &S) -> Result<Loaded, StoreError> {
    let mut loaded = Loaded {
        settings: Settings::default(),
        unreadable: Vec::new(),
        revisions: HashMap::new(),
    };
    for key in [
        SCORING_SETTING,
        QUESTIONS_SETTING,
        PROFILE_SETTING,
        RULES_SETTING,
    ] {
        let Some(Setting { json, revision }) = store.load_setting(key).await? else {
            continue;
        };
        loaded.revisions.insert(key, revision);
        let settings = &mut loaded.settings;
        let read: Result<(), String> = match key {
            SCORING_SETTING => ScoringModel::from_json(&json)
                .map(|model| {
                    settings.compiled = Arc::new(CompiledModel::new(&model));
                    settings.scoring = model;
                })
                .map_err(|e| e.to_string()),
            QUESTIONS_SETTING => QuestionBank::from_json(&json)
                .map(|bank| settings.questions = bank)
                .map_err(|e| e.to_string()),
            PROFILE_SETTING => Profile::from_json(&json)
                .map(|profile| settings.profile = profile)
                .map_err(|e| e.to_string()),
            _ => RuleSet::from_json(&json)
                .map(|rules| settings.rules = rules)
                .map_err(|e| e.to_string()),
        };
        if let Err(error) = read {
            loaded.unreadable.push(Unreadable {
                what: format!("{key} setting"),
                error,
                raw: json.into_bytes(),
            });
        }
    }
    Ok(loaded)
}

impl<S: Store> Workspace<S> {
    /// Validates and saves the scoring model; every score and ranking follows the new one.
    pub async fn save_scoring_model(
        &self,
        model: ScoringModel,
    ) -> Result<(), CommandError<ModelError>> {
        model.validate().map_err(CommandError::Invalid)?;
        let compiled = Arc::new(CompiledModel::new(&model));
        self.store_setting(SCORING_SETTING, model.to_json(), |s, changed| {
            s.scoring = model;
            s.compiled = compiled;
            changed.scoring = true;
        })
        .await?;
        Ok(())
    }

    /// Validates and saves the qualification question bank.
    pub async fn save_question_bank(
        &self,
        bank: QuestionBank,
    ) -> Result<(), CommandError<BankError>> {
        bank.validate().map_err(CommandError::Invalid)?;
        self.store_setting(QUESTIONS_SETTING, bank.to_json(), |s, changed| {
            s.questions = bank;
            changed.questions = true;
        })
        .await?;
        Ok(())
    }

    /// Saves the user's name as typed (tidied by the domain).
    pub async fn save_profile(&self, typed_name: &str) -> Result<(), CommandError<ProfileProblem>> {
        let profile =
            Profile::from_typed(typed_name).map_err(|p| CommandError::Invalid(vec![p]))?;
        self.store_setting(PROFILE_SETTING, profile.to_json(), |s, changed| {
            s.profile = profile;
            changed.profile = true;
        })
        .await?;
        Ok(())
    }

    /// Validates the rule set against the question bank and saves it.
    pub async fn save_rules(&self, rules: RuleSet) -> Result<(), CommandError<RuleProblem>> {
        let problems = rules.validate(&self.state().settings.questions);
        if !problems.is_empty() {
            return Err(CommandError::Invalid(problems));
        }
        self.store_setting(RULES_SETTING, rules.to_json(), |s, changed| {
            s.rules = rules;
            changed.rules = true;
        })
        .await?;
        Ok(())
    }

    /// Saves the pipeline's stages. Each of `deletions` (a saved stage and where its deals go)
    /// deletes the stage and moves its deals, recorded in each deal's history, in the same
    /// transaction.
    pub async fn save_pipeline(
        &self,
        config: PipelineConfig,
        deletions: &[(StageId, Option<StageId>)],
    ) -> Result<(), CommandError<PipelineProblem>> {
        config.validate().map_err(|problems| {
            CommandError::Invalid(problems.into_iter().map(PipelineProblem::Stage).collect())
        })?;
        let moved = {
            let state = self.state();
            stage_moves(
                &state.settings.pipeline,
                &config,
                state.deals.all(),
                deletions,
                self.now(),
            )
            .map_err(|e| CommandError::Invalid(vec![PipelineProblem::Delete(e)]))?
        };
        self.commit(Batch {
            pipeline: Some(config),
            deals: moved,
            ..Batch::default()
        })
        .await?;
        Ok(())
    }

    /// Validates and saves the sales reps and their targets.
    pub async fn save_targets(
        &self,
        targets: SalesTargets,
    ) -> Result<(), CommandError<TargetProblem>> {
        targets.validate().map_err(CommandError::Invalid)?;
        self.commit(Batch {
            targets: Some(targets),
            ..Batch::default()
        })
        .await?;
        Ok(())
    }

    /// Stores one settings document as the next version of the one saved, then applies it in
    /// memory and tells the listeners. A conflict (another tab saved it since) reloads memory.
    async fn store_setting(
        &self,
        key: &'static str,
        json: String,
        apply: impl FnOnce(&mut Settings, &mut Changed),
    ) -> Result<(), StoreError> {
        let current = self.state().setting_revisions.get(key).copied();
        let setting = Setting {
            json,
            revision: next_revision(current, self.device),
        };
        if let Err(error) = self.store.save_setting(key, &setting).await {
            if matches!(error, StoreError::Conflict { .. }) {
                self.reload().await?;
            }
            return Err(error);
        }
        let mut changed = Changed {
            leads: Some(Vec::new()),
            ..Changed::default()
        };
        {
            let mut state = self.state.borrow_mut();
            state.setting_revisions.insert(key, setting.revision);
            apply(&mut state.settings, &mut changed);
        }
        if super::replica::SYNCED_SETTINGS.contains(&key) {
            self.take_written(vec![super::replica::written_setting(key, &setting)]);
        }
        self.tell(&changed);
        // See `Workspace::commit`: the write is committed whatever happens next.
        let _ = self.save_replica().await;
        Ok(())
    }
}

/// The deals that deleting stages moves. A deletion's target may be a stage new in `config`: it
/// joins the configuration the deletion works on first.
fn stage_moves(
    saved: &PipelineConfig,
    config: &PipelineConfig,
    deals: &[Deal],
    deletions: &[(StageId, Option<StageId>)],
    now: crate::domain::Timestamp,
) -> Result<Vec<Deal>, StageDeleteError> {
    let mut current = saved.clone();
    let mut deals: Vec<Deal> = deals.to_vec();
    let mut moved: Vec<Deal> = Vec::new();
    for &(stage, target) in deletions {
        if let Some(t) = target.and_then(|t| config.stage(t)) {
            if current.stage(t.id).is_none() {
                current.stages.push(t.clone());
            }
        }
        let deletion = delete_stage(&current, stage, target, &deals, now)?;
        for deal in deletion.moved {
            if let Some(d) = deals.iter_mut().find(|d| d.id == deal.id) {
                *d = deal.clone();
            }
            moved.retain(|m| m.id != deal.id);
            moved.push(deal);
        }
        current = deletion.config;
    }
    Ok(moved)
}
