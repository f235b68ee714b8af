import { Command } from 'commander';
import { clientFor, resolveServiceTarget } from '../../lab/service-target';
import { labServiceNames } from '../lab-connection';
import { keyValue } from '../option-parsers';
import { withTargetOptions, type TargetOptions } from '../target-options';
import { UserError } from '../../common/user-error';

/**
 * `outage-lab fault list|on|off`: the instructor's switchboard (the instructor's token). A fault
 * goes on as what production would see: its release, or its configuration change.
 */
export function faultCommand(): Command {
  const fault = new Command('fault').description("list, switch on and switch off the faults of the running lab (instructor's token)");

  withTargetOptions(
    fault
      .command('list')
      .description('every fault of every service (or of one): whether its cause is there now, its parameters, how it arrives')
      .argument('[service]')
      .option('--json', 'print JSON'),
  ).action(async (service: string | undefined, opts: TargetOptions & { json?: boolean }) => {
    const names = service ? [service] : await labServiceNames();
    const rows = [];
    for (const name of names) {
      for (const f of await clientFor(await resolveServiceTarget(name, opts)).listFaults()) rows.push({ service: name, ...f });
    }
    if (opts.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    for (const r of rows) {
      const how = 'release' in r.arrives ? `release ${r.arrives.release.version}` : 'configuration change';
      console.log(`${r.service.padEnd(12)} ${r.name.padEnd(26)} ${r.enabled ? 'ON ' : 'off'} ${JSON.stringify(r.params)}  (${how})`);
      console.log(`${''.padEnd(12)} ${r.description}`);
    }
  });

  withTargetOptions(
    fault
      .command('on')
      .description('switch a fault on (or change its parameters): its release goes out, or its configuration change is made')
      .argument('<service>')
      .argument('<fault>')
      .option('-p, --param <key=value>', 'a parameter (repeatable)', keyValue, {}),
  ).action(async (service: string, name: string, opts: TargetOptions & { param: Record<string, unknown> }) => {
    const result = await clientFor(await resolveServiceTarget(service, opts)).enableFault(name, opts.param);
    console.log(`${service} ${result.name}: on ${JSON.stringify(result.params)}`);
  });

  withTargetOptions(
    fault
      .command('off')
      .description('switch a fault off: its release rolled back, or its configuration restored (memory already taken stays until the service restarts)')
      .argument('<service>')
      .argument('[fault]', 'omit with --all')
      .option('--all', 'every fault of the service'),
  ).action(async (service: string, name: string | undefined, opts: TargetOptions & { all?: boolean }) => {
    const client = clientFor(await resolveServiceTarget(service, opts));
    const names = opts.all ? (await client.listFaults()).filter((f) => f.enabled).map((f) => f.name) : name ? [name] : [];
    if (names.length === 0 && !opts.all) throw new UserError('name a fault, or pass --all');
    for (const n of names) {
      await client.disableFault(n);
      console.log(`${service} ${n}: off`);
    }
  });
  return fault;
}
