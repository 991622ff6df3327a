//! The stages a ticket moves through.
//!
//! The manual has six stages ([`ManualStage`]); the workflow splits some of
//! them so that each [`Stage`] has one checklist and one way forward. The
//! transitions and their guards are the workflow's business, not this file's.

use super::priority::named_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// The six stages of the manual.
    ManualStage {
        /// 故障接收与初步分类: intake and classification (R01–R03).
        Intake => "intake",
        /// 初步诊断与用户沟通: first diagnosis and user communication (R04–R07).
        Diagnosis => "diagnosis",
        /// 深入故障排查: deep troubleshooting (R08–R11).
        Troubleshooting => "troubleshooting",
        /// 故障处理与资源协调: handling and coordination (R12–R15).
        Handling => "handling",
        /// 结果验证与用户反馈: verification and feedback (R16–R18).
        Verification => "verification",
        /// 归档总结与知识沉淀: archive and knowledge (R19).
        Archive => "archive",
    }
}

named_enum! {
    /// Where a ticket stands in the workflow.
    Stage {
        /// Registered and classified; nobody has spoken to the reporter yet.
        Intake => "intake",
        /// Verifying the report with the reporter (R04, R05).
        FirstDiagnosis => "first_diagnosis",
        /// Guiding the reporter through self-help checks, P2/P3 only (R06).
        SelfHelp => "self_help",
        /// Logs, monitoring and tool checklists (R08–R10).
        DeepTroubleshooting => "deep_troubleshooting",
        /// Workaround and/or fix, with owned actions (R12–R14).
        Handling => "handling",
        /// The three verification gates (R16).
        Verification => "verification",
        /// Fixed and confirmed by all three gates (R16).
        Closed => "closed",
        /// Turned into knowledge and reviewed (R19).
        Archived => "archived",
    }
}

impl Stage {
    /// The manual stage this workflow stage belongs to.
    pub const fn manual_stage(self) -> ManualStage {
        match self {
            Stage::Intake => ManualStage::Intake,
            Stage::FirstDiagnosis | Stage::SelfHelp => ManualStage::Diagnosis,
            Stage::DeepTroubleshooting => ManualStage::Troubleshooting,
            Stage::Handling => ManualStage::Handling,
            Stage::Verification | Stage::Closed => ManualStage::Verification,
            Stage::Archived => ManualStage::Archive,
        }
    }

    /// Open tickets are in the queue and their clocks run.
    pub const fn is_open(self) -> bool {
        !matches!(self, Stage::Closed | Stage::Archived)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_manual_stage_has_at_least_one_workflow_stage() {
        for manual in ManualStage::ALL {
            assert!(
                Stage::ALL.iter().any(|s| s.manual_stage() == *manual),
                "{manual} has no workflow stage"
            );
        }
    }

    #[test]
    fn workflow_stages_follow_the_manual_order() {
        let order: Vec<_> = Stage::ALL.iter().map(|s| s.manual_stage()).collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
    }

    #[test]
    fn r17_only_closed_and_archived_tickets_leave_the_queue() {
        let closed: Vec<_> = Stage::ALL.iter().filter(|s| !s.is_open()).collect();
        assert_eq!(closed, [&Stage::Closed, &Stage::Archived]);
    }
}
