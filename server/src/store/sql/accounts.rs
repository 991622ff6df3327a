//! [`AccountStore`] in SQL: accounts, API and display tokens, and the
//! sign-in throttle's failures.

use super::rows::{Columns, Value, constraint};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{AccountStore, Admission, LoginAttempt, NewUser, StoreError, UserRecord};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::api::{ApiTokenInfo, DisplayTokenInfo};
use firstline_app::domain::{DeskId, DeskKind, DisplayId, Login, Role, User, UserId};
use sqlx::{Database, Executor, IntoArguments};
use tracing::instrument;

const USER_COLUMNS: &str =
    "id, login, display_name, role, desk_id, password_hash, active, session_epoch";
const API_TOKEN_COLUMNS: &str = "id, name, prefix, created_at, last_used_at, revoked_at";
const DISPLAY_COLUMNS: &str = "id, desk_id, name, prefix, created_at, revoked_at";

fn user_record(row: &impl Columns) -> Result<UserRecord, StoreError> {
    Ok(UserRecord {
        user: User {
            id: UserId(row.int("id")?),
            login: Login::from_stored(row.text("login")?),
            display_name: row.text("display_name")?,
            role: row.named("role", Role::parse)?,
            desk: DeskId(row.int("desk_id")?),
            active: row.flag("active")?,
        },
        password_hash: row.text("password_hash")?,
        session_epoch: row.int("session_epoch")?,
    })
}

fn api_token(row: &impl Columns) -> Result<ApiTokenInfo, StoreError> {
    Ok(ApiTokenInfo {
        id: row.int("id")?,
        name: row.text("name")?,
        prefix: row.text("prefix")?,
        created_at: row.time("created_at")?,
        last_used_at: row.opt_time("last_used_at")?,
        revoked_at: row.opt_time("revoked_at")?,
    })
}

fn display_token(row: &impl Columns) -> Result<DisplayTokenInfo, StoreError> {
    Ok(DisplayTokenInfo {
        id: DisplayId(row.int("id")?),
        desk: DeskId(row.int("desk_id")?),
        name: row.text("name")?,
        prefix: row.text("prefix")?,
        created_at: row.time("created_at")?,
        revoked_at: row.opt_time("revoked_at")?,
    })
}

/// Not found unless the statement changed a row.
fn changed<D: Dialect>(result: &<D::Db as Database>::QueryResult) -> Result<(), StoreError> {
    if D::rows_affected(result) == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

#[async_trait]
impl<D: Dialect> AccountStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    async fn count_users(&self) -> Result<i64, StoreError> {
        query::<D>(sql!(D, "SELECT COUNT(*) AS n FROM users"), [])
            .fetch_one(&self.pool)
            .await?
            .int("n")
    }

    #[instrument(skip(self, user), fields(login = %user.login, role = %user.role))]
    async fn create_user(&self, user: NewUser) -> Result<User, StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        let desk = match &user.sandbox {
            Some(name) => {
                let sql = sql!(
                    D,
                    "INSERT INTO desks (kind, name, created_at) VALUES (?, ?, ?) RETURNING id",
                );
                let row = query::<D>(
                    sql,
                    [
                        Value::Text(DeskKind::Sandbox.as_str()),
                        Value::Text(name),
                        Value::Time(user.at),
                    ],
                )
                .fetch_one(&mut *tx)
                .await
                .map_err(constraint)?;
                DeskId(row.int("id")?)
            }
            None => user.desk,
        };
        let sql = sql!(
            D,
            "INSERT INTO users (login, display_name, role, desk_id, password_hash, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        );
        let values = [
            Value::Text(user.login.as_str()),
            Value::Text(&user.display_name),
            Value::Text(user.role.as_str()),
            Value::Int(desk.0),
            Value::Text(&user.password_hash),
            Value::Time(user.at),
            Value::Time(user.at),
        ];
        let row = query::<D>(sql, values)
            .fetch_one(&mut *tx)
            .await
            .map_err(constraint)?;
        let id = UserId(row.int("id")?);
        tx.commit().await?;
        Ok(User {
            id,
            login: user.login,
            display_name: user.display_name,
            role: user.role,
            desk,
            active: true,
        })
    }

    async fn user(&self, id: UserId) -> Result<Option<UserRecord>, StoreError> {
        let sql = sql!(D, format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"));
        let row = query::<D>(sql, [Value::Int(id.0)])
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_record).transpose()
    }

    async fn user_by_login(&self, login: &Login) -> Result<Option<UserRecord>, StoreError> {
        let sql = sql!(
            D,
            format!("SELECT {USER_COLUMNS} FROM users WHERE login = ?")
        );
        let row = query::<D>(sql, [Value::Text(login.as_str())])
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_record).transpose()
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = sql!(
            D,
            format!("SELECT {USER_COLUMNS} FROM users ORDER BY login")
        );
        let rows = query::<D>(sql, []).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| user_record(row).map(|r| r.user))
            .collect()
    }

    #[instrument(skip(self))]
    async fn update_user(
        &self,
        id: UserId,
        role: Role,
        active: bool,
        at: DateTime<Utc>,
    ) -> Result<User, StoreError> {
        let sql = sql!(
            D,
            "UPDATE users SET role = ?, active = ?, updated_at = ? WHERE id = ?"
        );
        let values = [
            Value::Text(role.as_str()),
            Value::Flag(active),
            Value::Time(at),
            Value::Int(id.0),
        ];
        let done = query::<D>(sql, values)
            .execute(&self.pool)
            .await
            .map_err(constraint)?;
        changed::<D>(&done)?;
        Ok(self.user(id).await?.ok_or(StoreError::NotFound)?.user)
    }

    #[instrument(skip(self))]
    async fn bump_session_epoch(&self, id: UserId, at: DateTime<Utc>) -> Result<(), StoreError> {
        let sql = sql!(
            D,
            "UPDATE users SET session_epoch = session_epoch + 1, updated_at = ? WHERE id = ?",
        );
        let done = query::<D>(sql, [Value::Time(at), Value::Int(id.0)])
            .execute(&self.pool)
            .await?;
        changed::<D>(&done)
    }

    #[instrument(skip(self, hash))]
    async fn create_api_token(
        &self,
        user: UserId,
        name: &str,
        hash: &str,
        prefix: &str,
        at: DateTime<Utc>,
    ) -> Result<ApiTokenInfo, StoreError> {
        let sql = sql!(
            D,
            format!(
                "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?) \
             RETURNING {API_TOKEN_COLUMNS}"
            )
        );
        let values = [
            Value::Int(user.0),
            Value::Text(name),
            Value::Text(hash),
            Value::Text(prefix),
            Value::Time(at),
        ];
        let row = query::<D>(sql, values)
            .fetch_one(&self.pool)
            .await
            .map_err(constraint)?;
        api_token(&row)
    }

    async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiTokenInfo>, StoreError> {
        let sql = sql!(
            D,
            format!(
                "SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY id DESC"
            )
        );
        let rows = query::<D>(sql, [Value::Int(user.0)])
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(api_token).collect()
    }

    #[instrument(skip(self))]
    async fn revoke_api_token(
        &self,
        user: UserId,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = sql!(
            D,
            "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
        );
        let done = query::<D>(sql, [Value::Time(at), Value::Int(id), Value::Int(user.0)])
            .execute(&self.pool)
            .await?;
        changed::<D>(&done)
    }

    async fn user_by_api_token(
        &self,
        hash: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<UserRecord>, StoreError> {
        let sql = sql!(
            D,
            "UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL RETURNING user_id",
        );
        let Some(row) = query::<D>(sql, [Value::Time(at), Value::Text(hash)])
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        self.user(UserId(row.int("user_id")?)).await
    }

    #[instrument(skip(self, hash))]
    async fn create_display_token(
        &self,
        desk: DeskId,
        name: &str,
        hash: &str,
        prefix: &str,
        by: UserId,
        at: DateTime<Utc>,
    ) -> Result<DisplayTokenInfo, StoreError> {
        let sql = sql!(
            D,
            format!(
                "INSERT INTO display_tokens (desk_id, name, token_hash, prefix, created_by, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING {DISPLAY_COLUMNS}"
            )
        );
        let values = [
            Value::Int(desk.0),
            Value::Text(name),
            Value::Text(hash),
            Value::Text(prefix),
            Value::Int(by.0),
            Value::Time(at),
        ];
        let row = query::<D>(sql, values)
            .fetch_one(&self.pool)
            .await
            .map_err(constraint)?;
        display_token(&row)
    }

    async fn display_tokens(&self, desk: DeskId) -> Result<Vec<DisplayTokenInfo>, StoreError> {
        let sql = sql!(
            D,
            format!(
                "SELECT {DISPLAY_COLUMNS} FROM display_tokens WHERE desk_id = ? ORDER BY id DESC"
            )
        );
        let rows = query::<D>(sql, [Value::Int(desk.0)])
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(display_token).collect()
    }

    #[instrument(skip(self))]
    async fn revoke_display_token(
        &self,
        desk: DeskId,
        id: DisplayId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = sql!(
            D,
            "UPDATE display_tokens SET revoked_at = ? WHERE id = ? AND desk_id = ? AND revoked_at IS NULL",
        );
        let done = query::<D>(sql, [Value::Time(at), Value::Int(id.0), Value::Int(desk.0)])
            .execute(&self.pool)
            .await?;
        changed::<D>(&done)
    }

    async fn display_by_token(&self, hash: &str) -> Result<Option<DisplayTokenInfo>, StoreError> {
        let sql = sql!(
            D,
            format!(
                "SELECT {DISPLAY_COLUMNS} FROM display_tokens WHERE token_hash = ? AND revoked_at IS NULL"
            )
        );
        let row = query::<D>(sql, [Value::Text(hash)])
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(display_token).transpose()
    }

    #[instrument(skip(self, attempt))]
    async fn admit_login(&self, attempt: LoginAttempt<'_>) -> Result<Admission, StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        // Every process counting these keys waits here for the others (on
        // SQLite, BEGIN IMMEDIATE has taken the whole database already).
        // Keys are locked in one order, so two attempts never wait on each
        // other.
        if let Some(lock) = D::LOCK_KEY {
            let mut keys: Vec<&String> = attempt.keys.iter().collect();
            keys.sort();
            for key in keys {
                query::<D>(lock, [Value::Text(key)])
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let forget = sql!(D, "DELETE FROM login_failures WHERE at < ?");
        query::<D>(forget, [Value::Time(attempt.since)])
            .execute(&mut *tx)
            .await?;
        let count = sql!(
            D,
            "SELECT COUNT(*) AS n FROM login_failures WHERE key = ? AND at >= ?"
        );
        for (key, &limit) in attempt.keys.iter().zip(attempt.limits) {
            let n = query::<D>(count, [Value::Text(key), Value::Time(attempt.since)])
                .fetch_one(&mut *tx)
                .await?
                .int("n")?;
            if n >= limit {
                tx.commit().await?;
                return Ok(Admission::Refused);
            }
        }
        let note = sql!(
            D,
            "INSERT INTO login_failures (key, at) VALUES (?, ?) RETURNING id"
        );
        let mut notes = Vec::with_capacity(attempt.keys.len());
        for key in attempt.keys {
            let row = query::<D>(note, [Value::Text(key), Value::Time(attempt.now)])
                .fetch_one(&mut *tx)
                .await?;
            notes.push(row.int("id")?);
        }
        tx.commit().await?;
        Ok(Admission::Admitted { notes })
    }

    async fn forget_login_notes(&self, ids: &[i64]) -> Result<(), StoreError> {
        let forget = sql!(D, "DELETE FROM login_failures WHERE id = ?");
        for &id in ids {
            query::<D>(forget, [Value::Int(id)])
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        let sql = sql!(D, "DELETE FROM login_failures WHERE key = ?");
        query::<D>(sql, [Value::Text(key)])
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
