import { Alert, Empty, Space, Spin, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { CELL_STATES, supervisionApi, type Heatmap, type HeatmapRow } from './supervision-api';
import { useSupervision } from './supervision-context';
import { CELL_STYLE, useSupervisionText } from './supervision-messages';

/** A heatmap row in the tree: children are loaded when the row is expanded. */
interface TreeRow extends HeatmapRow {
  key: string;
  children?: TreeRow[];
}

const toTree = (rows: HeatmapRow[]): TreeRow[] =>
  rows.map((r) => ({ ...r, key: r.orgId, ...(r.hasChildren ? { children: [] } : {}) }));

function replaceChildren(rows: TreeRow[], id: string, children: TreeRow[]): TreeRow[] {
  return rows.map((r) =>
    r.orgId === id
      ? { ...r, children }
      : r.children
        ? { ...r, children: replaceChildren(r.children, id, children) }
        : r,
  );
}

/** The organisation × step heatmap: rows the organisation tree (lazy), columns the steps. */
export function HeatmapView() {
  const { t, pick } = useSupervisionText();
  const { campaignId, refreshKey, href } = useSupervision();
  const navigate = useNavigate();
  const [root, setRoot] = useState<Heatmap>();
  const [rows, setRows] = useState<TreeRow[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);
  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();

  const loadLevel = useCallback(
    async (parentId?: string) => {
      if (!campaignId) return undefined;
      return supervisionApi.heatmap(campaignId, parentId);
    },
    [campaignId],
  );

  // (Re)load the roots and every expanded level, keeping the tree open across live updates.
  useEffect(() => {
    let cancelled = false;
    if (!campaignId) return;
    setLoading(true);
    void (async () => {
      try {
        const top = await loadLevel();
        if (!top || cancelled) return;
        let tree = toTree(top.rows);
        for (const id of expandedRef.current) {
          const level = await loadLevel(id);
          if (level) tree = replaceChildren(tree, id, toTree(level.rows));
        }
        if (cancelled) return;
        setRoot(top);
        setRows(tree);
        setError(undefined);
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (!cancelled) setLoading(false);
      }
    })();
    return () => {
      cancelled = true;
    };
    // Expanding is handled by onExpand; a live update reloads what is open.
  }, [campaignId, refreshKey, loadLevel]);

  const onExpand = async (open: boolean, row: TreeRow) => {
    if (!open) {
      setExpanded((ids) => ids.filter((id) => id !== row.orgId));
      return;
    }
    setExpanded((ids) => [...ids, row.orgId]);
    if (row.children && row.children.length > 0) return;
    const level = await loadLevel(row.orgId);
    if (level) setRows((tree) => replaceChildren(tree, row.orgId, toTree(level.rows)));
  };

  if (!campaignId) return <Empty description={t('selectCampaign')} />;
  if (error) return <Alert type="error" showIcon message={error} />;
  if (!root) return <Spin />;

  const columns: ColumnsType<TreeRow> = [
    {
      title: t('organisation'),
      dataIndex: 'name',
      fixed: 'left',
      width: 220,
      render: (_, row) => (
        <Space size={4}>
          <span>{row.name}</span>
          {row.instances > 1 && (
            <Typography.Text type="secondary">
              {t('instancesCount', { n: row.instances })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    ...root.columns.map((column): ColumnsType<TreeRow>[number] => ({
      title: pick(column.title),
      key: column.stateKey,
      width: 96,
      align: 'center',
      render: (_, row) => {
        const cell = row.cells[column.stateKey];
        if (!cell) return <span style={{ color: '#bbb' }}>·</span>;
        const style = CELL_STYLE[cell.state];
        const total = Object.values(cell.counts).reduce((sum, n) => sum + (n ?? 0), 0);
        const leaf = row.instanceId !== null && !row.hasChildren;
        const details = CELL_STATES.filter((s) => cell.counts[s])
          .map((s) => `${pick(CELL_STYLE[s].label)} ${cell.counts[s]}`)
          .join('，');
        return (
          <Tooltip title={`${row.name} · ${pick(column.title)}：${details}`}>
            <div
              role={leaf ? 'button' : undefined}
              tabIndex={leaf ? 0 : undefined}
              aria-label={`${row.name} ${pick(column.title)} ${pick(style.label)}`}
              data-state={cell.state}
              onClick={leaf ? () => void navigate(href(`instances/${row.instanceId}`)) : undefined}
              onKeyDown={(e) => {
                if (leaf && e.key === 'Enter') void navigate(href(`instances/${row.instanceId}`));
              }}
              style={{
                background: style.color,
                color: style.text,
                borderRadius: 4,
                padding: '2px 4px',
                cursor: leaf ? 'pointer' : 'default',
                fontSize: 12,
                whiteSpace: 'nowrap',
              }}
            >
              {leaf
                ? pick(style.label)
                : `${pick(style.label)} ${cell.counts[cell.state]}/${total}`}
            </div>
          </Tooltip>
        );
      },
    })),
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('heatmapHint')}</Typography.Text>
      <Space wrap size={4}>
        {CELL_STATES.map((s) => (
          <span
            key={s}
            style={{
              background: CELL_STYLE[s].color,
              color: CELL_STYLE[s].text,
              borderRadius: 4,
              padding: '1px 8px',
              fontSize: 12,
            }}
          >
            {pick(CELL_STYLE[s].label)}
          </span>
        ))}
      </Space>
      <Table<TreeRow>
        size="small"
        rowKey="key"
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content', y: 560 }}
        expandable={{
          expandedRowKeys: expanded,
          onExpand: (open, row) => void onExpand(open, row),
        }}
        onRow={(row) => ({ 'data-org': row.name }) as HTMLAttributes<HTMLElement>}
      />
    </Space>
  );
}
