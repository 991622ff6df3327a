//! The runbook that ships with Firstline: the manual's checklists, in
//! English and in the manual's own Chinese.

use super::{Item, ItemKind, Runbook, RunbookVersion, Section, StageChecklist};
use crate::domain::stage::Stage;
use crate::domain::wording::Wording;

fn item(id: &str, kind: ItemKind, text: (&str, &str), required: bool) -> Item {
    Item {
        id: id.to_owned(),
        kind,
        text: Wording::new(text.0, text.1),
        required,
    }
}

fn section(title: (&str, &str), items: Vec<Item>) -> Section {
    Section {
        title: Wording::new(title.0, title.1),
        items,
    }
}

/// The runbook that ships with Firstline: the manual's checklists, in
/// English and in the manual's own Chinese.
pub fn default_runbook() -> Runbook {
    use ItemKind::*;
    let stage = |stage, sections| StageChecklist { stage, sections };
    Runbook {
        version: RunbookVersion::DEFAULT,
        stages: vec![
            stage(
                Stage::FirstDiagnosis,
                vec![
                    section(
                        ("R04 Verify with the reporter", "R04 与报告人核实"),
                        vec![
                            item(
                                "r04.symptom",
                                Question,
                                (
                                    "Does the symptom match the report?",
                                    "故障现象是否与描述一致？",
                                ),
                                true,
                            ),
                            item(
                                "r04.when",
                                Question,
                                ("When did it happen?", "故障是什么时间发生的？"),
                                true,
                            ),
                            item(
                                "r04.environment",
                                Question,
                                (
                                    "Environment: browser and version, OS, device model",
                                    "使用环境：浏览器及版本、操作系统、设备型号",
                                ),
                                true,
                            ),
                            item(
                                "r04.changes",
                                Question,
                                (
                                    "Any recent system update or configuration change?",
                                    "近期是否有系统更新或配置变更？",
                                ),
                                true,
                            ),
                        ],
                    ),
                    section(
                        ("R05 Plain-language prompts", "R05 通俗化提问"),
                        vec![
                            item(
                                "r05.button",
                                Prompt,
                                (
                                    "Which button did you click before the message appeared?",
                                    "您是哪个按钮后出现的提示？",
                                ),
                                false,
                            ),
                            item(
                                "r05.page",
                                Prompt,
                                (
                                    "Does the page not open at all, or does only part of it fail to load?",
                                    "页面是否完全无法打开，还是部分内容加载失败？",
                                ),
                                false,
                            ),
                        ],
                    ),
                ],
            ),
            stage(
                Stage::SelfHelp,
                vec![section(
                    ("R06 Self-help checks", "R06 自助排查"),
                    vec![
                        item(
                            "r06.network",
                            Check,
                            (
                                "Network: other sites open, VPN connected",
                                "网络：能否打开其他网站？是否连接公司内网VPN？",
                            ),
                            true,
                        ),
                        item(
                            "r06.browser",
                            Check,
                            (
                                "Browser cache and cookies cleared, or another browser tried",
                                "清除浏览器缓存/Cookie或更换浏览器尝试",
                            ),
                            true,
                        ),
                        item(
                            "r06.restart",
                            Check,
                            (
                                "Device or application restarted",
                                "重启终端设备(电脑、手机等)或相关应用服务",
                            ),
                            true,
                        ),
                    ],
                )],
            ),
            stage(
                Stage::DeepTroubleshooting,
                vec![
                    section(
                        ("R08 Logs", "R08 日志收集"),
                        vec![
                            item(
                                "r08.logs",
                                Check,
                                (
                                    "Logs collected: application server, database, middleware",
                                    "已收集日志：应用服务器、数据库、中间件",
                                ),
                                true,
                            ),
                            item(
                                "r08.when",
                                Question,
                                ("When did the errors occur?", "错误是什么时间出现的？"),
                                true,
                            ),
                            item(
                                "r08.stack",
                                Check,
                                ("Stack traces recorded", "已记录错误堆栈"),
                                true,
                            ),
                            item(
                                "r08.chain",
                                Check,
                                (
                                    "Call chain of the affected business flow recorded",
                                    "已记录受影响业务流程的调用链路",
                                ),
                                true,
                            ),
                        ],
                    ),
                    section(
                        ("R09 Monitoring", "R09 系统监控"),
                        vec![item(
                            "r09.resources",
                            Question,
                            (
                                "CPU, memory, disk IO, network latency (Prometheus, Zabbix): any bottleneck or abnormal traffic?",
                                "CPU、内存、磁盘IO、网络延迟（Prometheus、Zabbix）：是否存在资源瓶颈或异常流量？",
                            ),
                            true,
                        )],
                    ),
                    section(
                        ("R10 Database", "R10 数据库"),
                        vec![
                            item(
                                "r10.db.consistency",
                                Check,
                                ("Data consistency checked", "已检查数据一致性"),
                                false,
                            ),
                            item(
                                "r10.db.index",
                                Check,
                                ("Index state checked", "已检查索引状态"),
                                false,
                            ),
                            item(
                                "r10.db.explain",
                                Check,
                                (
                                    "EXPLAIN of the query plan read",
                                    "已查看查询计划（EXPLAIN）",
                                ),
                                false,
                            ),
                        ],
                    ),
                    section(
                        ("R10 API", "R10 接口"),
                        vec![
                            item(
                                "r10.api.replay",
                                Check,
                                (
                                    "Call replayed (Postman, Apifox)",
                                    "已重放接口调用（Postman、Apifox）",
                                ),
                                false,
                            ),
                            item(
                                "r10.api.response",
                                Check,
                                (
                                    "Parameters, status code and response body checked",
                                    "已检查请求参数、状态码和响应内容",
                                ),
                                false,
                            ),
                        ],
                    ),
                    section(
                        ("R10 Front end", "R10 前端"),
                        vec![
                            item(
                                "r10.fe.console",
                                Check,
                                (
                                    "DevTools console errors read",
                                    "已查看浏览器开发者工具（DevTools）控制台报错",
                                ),
                                false,
                            ),
                            item(
                                "r10.fe.network",
                                Check,
                                ("Network requests checked", "已检查网络请求"),
                                false,
                            ),
                            item(
                                "r10.fe.dom",
                                Check,
                                ("DOM changes checked", "已检查 DOM 变化"),
                                false,
                            ),
                        ],
                    ),
                ],
            ),
            stage(
                Stage::Handling,
                vec![section(
                    (
                        "R12 Workaround options (P0/P1)",
                        "R12 临时解决方案（P0/P1）",
                    ),
                    vec![
                        item(
                            "r12.standby",
                            Check,
                            ("Switched to a standby server", "已切换至备用服务器"),
                            false,
                        ),
                        item(
                            "r12.rollback",
                            Check,
                            (
                                "Rolled back to the previous configuration",
                                "已回滚至上一版本配置",
                            ),
                            false,
                        ),
                        item(
                            "r12.restrict",
                            Check,
                            ("Non-core features restricted", "已限制非核心功能"),
                            false,
                        ),
                        item(
                            "r12.tell",
                            Prompt,
                            (
                                "Tell the reporter the progress and an ETA",
                                "向报告人同步处理进度和预计恢复时间",
                            ),
                            false,
                        ),
                    ],
                )],
            ),
        ],
    }
}
