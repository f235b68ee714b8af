import type { Criterion } from './criterion';
import { causeAndResolutionCriterion } from './cause-and-resolution';
import { correctiveTasksCriterion } from './corrective-tasks';
import { extraCreditCriterion } from './extra-credit';
import { impactCriterion } from './impact';
import { lengthCriterion } from './length';
import { runDetectionCriterion } from './run-detection';
import { runDetectionTaskCriterion } from './run-detection-task';
import { runFixCriterion } from './run-fix';
import { runImpactCriterion } from './run-impact';
import { runRedHerringCriterion } from './run-red-herring';
import { runRootCauseCriterion } from './run-root-cause';
import { runWindowCriterion } from './run-window';
import { sectionsCriterion } from './sections';
import { timelineCriterion } from './timeline';
import { toneCriterion } from './tone';
import { windowCriterion } from './window';

/** Every criterion, in report order: the document's own, then against the run, then extra credit. */
export const CRITERIA: readonly Criterion[] = [
  sectionsCriterion,
  lengthCriterion,
  windowCriterion,
  impactCriterion,
  timelineCriterion,
  causeAndResolutionCriterion,
  correctiveTasksCriterion,
  toneCriterion,
  runRootCauseCriterion,
  runWindowCriterion,
  runDetectionCriterion,
  runImpactCriterion,
  runRedHerringCriterion,
  runFixCriterion,
  runDetectionTaskCriterion,
  extraCreditCriterion,
];
