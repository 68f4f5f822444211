export { serveSubscription } from './serve-subscription.js';
export { DEFAULT_SUBSCRIPTION_LIMITS } from './subscription-limits.js';
export type { SubscriptionLimits } from './subscription-limits.js';
