/** Numbers as the charts and tables show them. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'bytes': {
      const abs = Math.abs(value);
      if (abs >= 1024 ** 3) return `${(value / 1024 ** 3).toFixed(2)} GiB`;
      if (abs >= 1024 ** 2) return `${(value / 1024 ** 2).toFixed(1)} MiB`;
      if (abs >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
      return `${Math.round(value)} B`;
    }
    case 'seconds':
      return value >= 1 ? `${value.toFixed(2)} s` : `${(value * 1000).toFixed(value < 0.01 ? 2 : 0)} ms`;
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'per-second':
      return `${value.toFixed(value < 10 ? 2 : 0)}/s`;
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
}

export function bytes(n: number): string {
  return formatValue(n, 'bytes');
}

export function clock(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function since(iso: string | number): string {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
