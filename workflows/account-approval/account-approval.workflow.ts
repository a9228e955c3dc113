/**
 * Drives a B2B application: Applied → Documents Pending (with reminders) → Under Review → staff
 * decision (approve → Approved → Active, reject → Closed, request documents → back to pending).
 * A thin shell: every step calls an idempotent RegistrationService method that reads and writes
 * Postgres, so a restarted instance replays its steps and converges on the same state.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { RegistrationService } from "../../shared/accounts/registration.service";
import { AccountStatus } from "../../shared/accounts/account-status";
import type { ApplicationDecision } from "../../shared/accounts/registration";
import type { ApprovalParams } from "../../shared/accounts/registration.ports";
import { Outbox } from "../../shared/events";
import { openDbFromEnv, queueEventSender } from "../../shared/platform";
import { approvalWorkflowClient, r2DocumentStore } from "../../shared/platform/accounts-platform";

export type ApprovalOutcome = { outcome: "approved" | "rejected" | "expired"; reminders: number };

const DECISION_TIMEOUT = "30 days";
type WaitTimeout = NonNullable<Parameters<WorkflowStep["waitForEvent"]>[1]["timeout"]>;

export class AccountApprovalWorkflow extends WorkflowEntrypoint<Env, ApprovalParams> {
  /** One short-lived service (and DB connection) per step: steps may run in different isolates. */
  private async withService<T>(params: ApprovalParams, fn: (s: RegistrationService) => Promise<T>): Promise<T> {
    const h = openDbFromEnv(this.env, { max: 1 });
    try {
      const svc = new RegistrationService({
        db: h.db,
        outbox: new Outbox(h.db, queueEventSender(this.env.EVENTS), () => new Date()),
        now: new Date(),
        documents: r2DocumentStore(this.env.DOCUMENTS),
        workflow: approvalWorkflowClient(this.env.ACCOUNT_APPROVAL as unknown as Workflow<ApprovalParams>),
        reminderAfter: params.reminderAfter,
        maxReminders: params.maxReminders,
      });
      return await fn(svc);
    } finally {
      await h.close();
    }
  }

  override async run(event: WorkflowEvent<ApprovalParams>, step: WorkflowStep): Promise<ApprovalOutcome> {
    const p = event.payload;
    const id = p.accountId;
    const start = await step.do("load application", () => this.withService(p, (s) => s.stepStart(id)));
    if (start.skipToStatus !== null) {
      const r = await step.do("apply invitation", () => this.withService(p, (s) => s.stepApplyInvitation(id, start.skipToStatus!)));
      if (r.approved) return { outcome: "approved", reminders: 0 };
    }
    let reminders = 0;
    for (;;) {
      // documents phase: wait (with reminders) until nothing required is missing
      for (;;) {
        const check = await step.do("check documents", () => this.withService(p, (s) => s.stepCheckDocuments(id)));
        if (check.decided) return { outcome: check.decided, reminders };
        if (check.missing.length === 0) break;
        await step.do("mark documents pending", () => this.withService(p, (s) => s.stepSetStatus(id, AccountStatus.DocumentsPending)));
        try {
          await step.waitForEvent("wait for documents", { type: "documents-uploaded", timeout: p.reminderAfter as WaitTimeout });
        } catch {
          // timed out: nothing arrived in time
          reminders++;
          if (reminders > p.maxReminders) {
            await step.do("close for missing documents", () =>
              this.withService(p, (s) => s.stepReject(id, { kind: "reject", staffId: "workflow", reason: "Required documents were not provided" })),
            );
            return { outcome: "expired", reminders: reminders - 1 };
          }
          const n = reminders;
          await step.do("send reminder", () => this.withService(p, (s) => s.stepSendReminder(id, n, check.missing)));
        }
      }
      await step.do("submit for review", () => this.withService(p, (s) => s.stepSetStatus(id, AccountStatus.UnderReview)));
      let decision: ApplicationDecision | null = null;
      while (!decision) {
        try {
          const ev = await step.waitForEvent<ApplicationDecision>("wait for decision", { type: "decision", timeout: DECISION_TIMEOUT });
          decision = ev.payload;
        } catch {
          // no decision yet: stay in the queue (and notice a rejection applied outside the workflow)
          const check = await step.do("check documents", () => this.withService(p, (s) => s.stepCheckDocuments(id)));
          if (check.decided) return { outcome: check.decided, reminders };
        }
      }
      const d = decision;
      if (d.kind === "approve") {
        await step.do("approve", () => this.withService(p, (s) => s.stepApprove(id, d)));
        return { outcome: "approved", reminders };
      }
      if (d.kind === "reject") {
        await step.do("reject", () => this.withService(p, (s) => s.stepReject(id, d)));
        return { outcome: "rejected", reminders };
      }
      await step.do("request documents", () => this.withService(p, (s) => s.stepRequestDocuments(id, d.documentTypes)));
    }
  }
}
