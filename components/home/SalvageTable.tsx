import type { Status } from '../api';
import { Card } from '../ui';

/** How often small models' replies had to be rescued, by model and kind. */
export function SalvageTable({ rows }: { rows: Status['salvages'] }) {
  if (!rows.length) return null;
  return (
    <Card title="Salvaged tool calls">
      <table className="w-full text-xs" data-testid="salvage-table">
        <thead className="text-left text-neutral-500">
          <tr>
            <th className="py-1 font-normal">Model</th>
            <th className="py-1 font-normal">Kind</th>
            <th className="py-1 text-right font-normal">Count</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.model}:${r.kind}`} className="border-t border-neutral-800">
              <td className="py-1 font-mono">{r.model}</td>
              <td className="py-1">{r.kind}</td>
              <td className="py-1 text-right tabular-nums">{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
