// The domain's closed lists as the dashboard shows them (filters, settings switches), declared once
// in the engine's history port. A plain module (no schemas) so the dashboard's bundle can take
// these values without the validation library; only these constants reach it.
export { SaleStateNames as saleStates, OutcomeKinds as outcomeKinds } from '../engine/index';
export {
  AlertSeverities as alertSeverities,
  AlertCategories as alertCategories,
  AlertStates as alertStates,
} from '../engine/index';
