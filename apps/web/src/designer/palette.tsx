import { STEP_KINDS, stepKindCatalogue, type StepKind } from '@shuping/engine';
import { Tooltip, Typography } from 'antd';
import { memo, type DragEvent, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n';
import { KIND_COLORS, KIND_ICONS } from './canvas/step-kind-visuals';
import { pick, ui } from './designer-messages';
import type { PaletteItem } from './graph/step-defaults';
import { PALETTE_MIME } from './palette-item';

function PaletteEntry({
  item,
  label,
  description,
  color,
  onAdd,
}: {
  item: PaletteItem;
  label: string;
  description: string;
  color: string;
  onAdd: (item: PaletteItem) => void;
}) {
  const Icon = KIND_ICONS[item];
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, item);
    event.dataTransfer.effectAllowed = 'copy';
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onAdd(item);
    }
  };
  return (
    <Tooltip title={description} placement="right" mouseEnterDelay={0.6}>
      <div
        className="sp-palette__item"
        draggable
        onDragStart={onDragStart}
        onKeyDown={onKeyDown}
        onDoubleClick={() => onAdd(item)}
        role="button"
        tabIndex={0}
        aria-label={`${label}：${description}`}
        data-kind={item}
        style={{ ['--sp-accent' as string]: color }}
      >
        <Icon />
        <span>{label}</span>
      </div>
    </Tooltip>
  );
}

/** Every step kind of the engine, plus the two containers; drag onto the canvas or press Enter. */
export const Palette = memo(function Palette({ onAdd }: { onAdd: (item: PaletteItem) => void }) {
  const { language } = useI18n();
  return (
    <nav className="sp-palette" aria-label={pick(ui.palette, language)}>
      <Typography.Text strong>{pick(ui.palette, language)}</Typography.Text>
      <Typography.Text type="secondary" className="sp-palette__hint">
        {pick(ui.paletteHint, language)}
      </Typography.Text>
      {STEP_KINDS.map((kind: StepKind) => (
        <PaletteEntry
          key={kind}
          item={kind}
          label={pick(stepKindCatalogue[kind].label, language)}
          description={pick(stepKindCatalogue[kind].description, language)}
          color={KIND_COLORS[kind]}
          onAdd={onAdd}
        />
      ))}
      <Typography.Text strong className="sp-palette__section">
        {pick(ui.containers, language)}
      </Typography.Text>
      <PaletteEntry
        item="parallel"
        label={pick(ui.parallel, language)}
        description={pick(ui.parallelHint, language)}
        color="#c8102e"
        onAdd={onAdd}
      />
      <PaletteEntry
        item="compound"
        label={pick(ui.compound, language)}
        description={pick(ui.compound, language)}
        color="#595959"
        onAdd={onAdd}
      />
    </nav>
  );
});
