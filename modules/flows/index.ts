/**
 * The flows of the environment stack, in the order the road builds them. `npm run new:handler` adds its flow here
 * (between the markers); a flow that is not listed is not deployed.
 */
import type { FlowDefinition } from '../flow/flow-definition';
import { cartFlow } from './cart';
import { gameFlow } from './game';
import { playersFlow } from './players';
import { notifyCustomerFlow } from './notify-customer';
// new:handler imports

/** Every flow of the stack. */
export const FLOWS: readonly FlowDefinition[] = [
  playersFlow,
  gameFlow,
  cartFlow,
  notifyCustomerFlow,
  // new:handler flows
];
