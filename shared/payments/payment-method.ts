/**
 * The strategy every payment method implements. A method is registered like a configurable
 * operation: a snake_case code, a description, and a zod schema — here of the BUYER's input at
 * checkout (card fields, nothing for manual…). The service drives the lifecycle (pure rules in
 * payment-lifecycle.ts) and calls the method for the money movement of each step; a real gateway
 * (Authorize.net, NMI) implements the same five calls over HTTP with its own tokens.
 *
 * Methods run inside the order's transaction (`tx`): database-backed methods (net terms, store
 * credit) lock what they spend from, so parallel checkouts cannot both take the last credit.
 */
import type { ConfigurableOperation } from "../kernel/configurable-operation";
import { OperationRegistry } from "../kernel/configurable-operation";
import type { Tx } from "../kernel/db";
import type { PaymentRow } from "./payments.tables";

export type BuyerKind = "employee" | "customer" | "guest";

/** What a payment needs to know of its order. */
export interface PaymentOrderRef {
  id: string;
  channelId: string;
  total: number;
  currency: string;
  buyerKind: BuyerKind;
  accountId: string | null;
  customerId: string | null;
}

export interface MethodEnvironment {
  /** "production" refuses development-only methods (test_gateway) */
  environment: string;
}

export interface PrepareContext {
  tx: Tx;
  order: PaymentOrderRef;
  /** the amount this payment will ask for (the order total unless the order is split) */
  amount: number;
  now: Date;
  env: MethodEnvironment;
}

/** What prepare() keeps: only safe details (token, brand, last 4, terms) — never a card number. */
export interface PreparedPayment {
  details: Record<string, unknown>;
  /** the account whose credit the payment uses (net terms) */
  accountId?: string | null;
}

export interface MethodCallContext {
  tx: Tx;
  now: Date;
  payment: PaymentRow;
}

export interface AuthorizeResult {
  outcome: "approved" | "declined" | "held";
  amount: number;
  reference?: string | null;
  avsResult?: string | null;
  cvvResult?: string | null;
  /** machine reason for a decline or hold: card_declined, insufficient_funds, cvv_mismatch, avs_mismatch… */
  reason?: string | null;
  /** the money moved at authorization (store credit): the service records a full final capture */
  capturedImmediately?: boolean;
  /** merged into the payment's stored details */
  details?: Record<string, unknown>;
}

export type GatewayResult = { ok: true; reference?: string | null } | { ok: false; reason: string; message?: string };

export interface PaymentMethod<I = unknown> extends ConfigurableOperation<I> {
  /** Eligibility for this buyer/order and the safe details to store; throws a DomainError to refuse. */
  prepare(input: I, ctx: PrepareContext): Promise<PreparedPayment>;
  authorize(ctx: MethodCallContext): Promise<AuthorizeResult>;
  capture(ctx: MethodCallContext, amount: number): Promise<GatewayResult>;
  void(ctx: MethodCallContext): Promise<GatewayResult>;
  refund(ctx: MethodCallContext, amount: number): Promise<GatewayResult>;
}

export type PaymentMethodRegistry = OperationRegistry<PaymentMethod>;

export function createPaymentMethodRegistry(methods: PaymentMethod[]): PaymentMethodRegistry {
  const r = new OperationRegistry<PaymentMethod>("payment method");
  for (const m of methods) r.register(m);
  return r;
}

/** Build a method whose input type follows its schema (keeps method files free of casts). */
export function paymentMethod<I>(m: PaymentMethod<I>): PaymentMethod {
  return m as unknown as PaymentMethod;
}

export const ok = (reference: string | null = null): GatewayResult => ({ ok: true, reference });
