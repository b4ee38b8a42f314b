// Which persona and model each phase uses, read from its prompt file's front
// matter (`role`, `model = "implementer_model"`): editing a prompt changes
// the pipeline, what the UI reports and the report alike.
import { loadPersona } from '../agents/personas';
import type { Config, PersonaModelKey } from '../config/schema';
import { PHASE_INFO, PHASES, type PhaseName } from './types';

export function phasePersona(phase: PhaseName): { persona: string; modelKey: PersonaModelKey } {
  const p = loadPersona(PHASE_INFO[phase].prompt);
  return { persona: p.role.toLowerCase(), modelKey: p.modelKey };
}

export type PhaseModels = Record<PhaseName, { persona: string; model: string }>;

export function phaseModels(config: Config): PhaseModels {
  return Object.fromEntries(
    PHASES.map((phase) => {
      const { persona, modelKey } = phasePersona(phase);
      return [phase, { persona, model: config[modelKey] }];
    }),
  ) as PhaseModels;
}
