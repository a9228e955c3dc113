/**
 * The order process as data: a merchant stores one per channel (jsonb) and the engine follows it.
 * This file is the structural shape only; semantic checks (states that exist, reachability,
 * registered guards/effects) live in validateProcess so their errors can name the exact field.
 */
import { z } from "zod";

const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]*$/, "must be snake_case");

export const operationRefSchema = z.object({
  type: code,
  config: z.record(z.string(), z.unknown()).default({}),
});

export const processStateSchema = z.object({
  code,
  label: z.string().trim().min(1).max(80),
  /** no transition may leave a terminal state (completed, cancelled) */
  terminal: z.boolean().default(false),
});

export const processTransitionSchema = z.object({
  /** one or more source states; a transition is identified by (from, to) */
  from: z.array(code).min(1),
  to: code,
  /** all must pass, evaluated in order; the first failure is reported */
  guards: z.array(operationRefSchema).default([]),
  /** returned to the caller in order; the engine never runs them (no I/O here) */
  effects: z.array(operationRefSchema).default([]),
});

export const processDefinitionSchema = z.object({
  code,
  name: z.string().trim().min(1).max(120),
  initial: code,
  states: z.array(processStateSchema).min(1).max(64),
  transitions: z.array(processTransitionSchema).max(256),
});

export type ProcessDefinitionInput = z.input<typeof processDefinitionSchema>;
export type ProcessDefinition = z.output<typeof processDefinitionSchema>;
export type ProcessState = z.output<typeof processStateSchema>;
export type ProcessTransition = z.output<typeof processTransitionSchema>;
export type OperationRef = z.output<typeof operationRefSchema>;
