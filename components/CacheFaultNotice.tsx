/**
 * What the clinician is told when IndexedDB fails under Alongside (utils/storage/cache-fault.ts): the
 * record is shown live from the network, and the store on this computer is being made again (or was).
 */
import { faultWords } from '@/utils/storage/cache-fault';
import { useCacheFault } from './hooks';

export function CacheFaultNotice() {
  const fault = useCacheFault();
  if (!fault) return null;
  const { title, detail } = faultWords(fault);
  return (
    <p class="notice notice--warning" role="status" data-testid="cache-fault" data-fault-kind={fault.kind} data-recovery={fault.recovery} data-writes-not-kept={fault.writesNotKept ? 'true' : undefined}>
      <strong>{title}.</strong> {detail}
    </p>
  );
}
