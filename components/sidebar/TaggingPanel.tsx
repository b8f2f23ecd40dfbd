import type { ComponentChildren } from 'preact';
import type { ClickDetails } from '@/knowledge/clicks/click-event';
import type { ComplaintCategory } from '@/knowledge/taxonomy/taxonomy';
import { activeCategories, categoryName, findCategory } from '@/knowledge/taxonomy/taxonomy-lookup';
import { sidebarText, type SidebarText } from './sidebar-text';
import type { TaggingSession } from './useTaggingSession';
import { CentreStatusLine } from './CentreStatusLine';

const COUNTING_RULES = ['customer-dissatisfied', 'company-at-fault', 'explanation-not-accepted'] as const;
const EMOTIONS = ['calm', 'anxious', 'doubting', 'angry', 'disappointed'] as const;
const RISK_GRADES = ['ordinary', 'escalated', 'major'] as const;

/** How the in-page sidebar's collapsed handle is moved out of the way. */
export interface HandleMoves {
  /** The pointer went down on the handle: the host follows it from here. */
  startDrag: (screenY: number) => void;
  /** The press ended on the handle (a click): no drag. */
  endDrag: () => void;
  /** Moves the handle by this many pixels (keyboard). */
  nudge: (dyPx: number) => void;
}

export interface TaggingPanelProps {
  session: TaggingSession;
  /** Shown below the tagging controls (the case library). */
  children?: ComponentChildren;
  /** Last in the panel, sticky at the bottom (the escalation warning). */
  banner?: ComponentChildren;
  /** The in-page sidebar can collapse; the browser side panel is always open. */
  collapsible: boolean;
  onOpenSettings?: () => void;
  /** The collapsed handle can be dragged up and down (in-page sidebar). */
  onMoveHandle?: HandleMoves;
  /** First in the panel: the CRM page is in the way of the mouse. */
  hostNotice?: ComponentChildren;
}

/** The agent's one-click tagging view: categories with today's counts, undo and details. */
export function TaggingPanel({ session, collapsible, onOpenSettings, onMoveHandle, hostNotice, children, banner }: TaggingPanelProps) {
  const { state, counts } = session;
  const locale = state?.settings.locale ?? 'zh-CN';
  const t = sidebarText(locale);
  const collapsed = collapsible && (state?.settings.sidebarCollapsed ?? false);

  if (collapsed) {
    return (
      <SidebarToggle session={session} label={`${t.expand}${onMoveHandle ? t.handleMoveHint : ''}`} className="iceberg-handle" onMove={onMoveHandle}>
        <span aria-hidden="true">❄</span>
        <span class="iceberg-handle-count" data-total-count={counts?.total ?? 0}>
          {counts?.total ?? 0}
        </span>
      </SidebarToggle>
    );
  }

  const categories = state ? activeCategories(state.taxonomy) : [];
  const topLevel = categories.filter((category) => !category.parentId);
  const childrenOf = (parent: ComplaintCategory) => categories.filter((category) => category.parentId === parent.id);

  return (
    <section class="iceberg-panel" aria-label={t.appName} lang={locale === 'en' ? 'en' : 'zh-CN'}>
      {hostNotice}
      <header class="iceberg-header">
        <h1 class="iceberg-title">{t.appName}</h1>
        <button
          type="button"
          class="iceberg-icon-button"
          onClick={() => session.updateSettings({ locale: locale === 'en' ? 'zh-CN' : 'en' })}
        >
          {t.language}
        </button>
        {onOpenSettings && (
          <button type="button" class="iceberg-icon-button" aria-label="设置 / Settings" onClick={onOpenSettings}>
            ⚙
          </button>
        )}
        {collapsible && (
          <SidebarToggle session={session} label={t.collapse} className="iceberg-icon-button">
            ⇥
          </SidebarToggle>
        )}
      </header>

      <p class="iceberg-work-order-line">
        <span class="iceberg-label">{t.workOrderRef}</span>{' '}
        <output
          class="iceberg-work-order"
          data-work-order-ref={session.workOrderContext.workOrderRef ?? ''}
          data-work-order-uncertain={session.workOrderContext.uncertain ? 'true' : undefined}
        >
          {session.workOrderContext.workOrderRef ?? (session.workOrderContext.uncertain ? t.workOrderUncertain : t.noWorkOrder)}
        </output>
      </p>

      {state?.settings.agentId === 'unassigned' && !session.workOrderContext.agentId && <p class="iceberg-warning">{t.agentUnset}</p>}

      {!state ? (
        <p class="iceberg-muted">{t.loading}</p>
      ) : (
        <div class="iceberg-categories" role="group" aria-label={t.categories}>
          <p class="iceberg-muted iceberg-hint">{t.recordHint}</p>
          {topLevel.map((category) => (
            <div class="iceberg-category-group" key={category.id}>
              <CategoryButton category={category} count={counts?.byCategory[category.id] ?? 0} locale={locale} onRecord={session.record} />
              {childrenOf(category).map((child) => (
                <CategoryButton
                  key={child.id}
                  category={child}
                  count={counts?.byCategory[child.id] ?? 0}
                  locale={locale}
                  onRecord={session.record}
                  nested
                />
              ))}
            </div>
          ))}
        </div>
      )}

      <footer class="iceberg-footer">
        <p class="iceberg-totals" aria-live="polite">
          {t.today} {t.total}{' '}
          <strong class="iceberg-total" data-total-count={counts?.total ?? 0}>
            {counts?.total ?? 0}
          </strong>
          {' · '}
          {t.tickets} <strong data-ticket-count={counts?.tickets ?? 0}>{counts?.tickets ?? 0}</strong>
          {session.pending.length > 0 && (
            <span class="iceberg-saving" data-pending-count={session.pending.length}>
              {' · '}
              {session.pending.length} {t.saving}
            </span>
          )}
        </p>
        <button
          type="button"
          class="iceberg-undo"
          disabled={session.undoSecondsLeft <= 0 && session.pending.length === 0}
          title={t.undoHint}
          aria-keyshortcuts="Alt+Shift+Z"
          onClick={session.undo}
        >
          {t.undo}
          {session.undoSecondsLeft > 0 && session.pending.length === 0 ? ` (${session.undoSecondsLeft}${t.seconds})` : ''}
        </button>
      </footer>
      <CentreStatusLine centre={session.centre} locale={locale} />

      {/* Below the buttons, so a notice appearing never moves a category under the agent's pointer. */}
      <Notice session={session} t={t} />

      {children}
      {session.lastClick && state && <ClickDetailsForm session={session} t={t} />}
      {banner}
    </section>
  );
}

/**
 * Collapses or expands the sidebar (Alt+Shift+I does the same); it says which it will do. With
 * `onMove`, the collapsed handle can also be dragged (the host follows the pointer and says if it
 * was a click after all) or moved with Alt+↑/↓, out of the way of the CRM's controls.
 */
function SidebarToggle(props: {
  session: TaggingSession;
  label: string;
  className: string;
  children: ComponentChildren;
  onMove?: HandleMoves;
}) {
  const collapsed = props.session.state?.settings.sidebarCollapsed ?? false;
  const toggle = () => props.session.updateSettings({ sidebarCollapsed: !collapsed });
  const onMove = props.onMove;
  return (
    <button
      type="button"
      class={props.className}
      aria-expanded={!collapsed}
      aria-label={props.label}
      title={`${props.label} (Alt+Shift+I)`}
      aria-keyshortcuts="Alt+Shift+I"
      onClick={() => {
        // A press that ended here was a click, not a drag: the host stops following the pointer.
        onMove?.endDrag();
        toggle();
      }}
      onPointerDown={onMove && ((event) => event.button === 0 && onMove.startDrag(event.screenY))}
      onKeyDown={
        onMove &&
        ((event) => {
          if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
            event.preventDefault();
            onMove.nudge(event.key === 'ArrowUp' ? -40 : 40);
          }
        })
      }
    >
      {props.children}
    </button>
  );
}

function CategoryButton(props: {
  category: ComplaintCategory;
  count: number;
  locale: 'zh-CN' | 'en';
  nested?: boolean;
  onRecord: (categoryId: string) => void;
}) {
  const { category, count } = props;
  const name = categoryName(category, props.locale);
  const shortcut = category.shortcut ? category.shortcut.toUpperCase() : null;
  return (
    <button
      type="button"
      class={props.nested ? 'iceberg-category iceberg-category-nested' : 'iceberg-category'}
      data-category-id={category.id}
      aria-keyshortcuts={shortcut ? `Alt+Shift+${shortcut}` : undefined}
      aria-label={`${name}，${count}`}
      style={{ '--category-color': category.color }}
      onClick={(event) => {
        if (event.isTrusted) props.onRecord(category.id);
      }}
    >
      <span class="iceberg-swatch" aria-hidden="true" />
      <span class="iceberg-category-name">{name}</span>
      {shortcut && (
        <kbd aria-hidden="true" class={/\d/.test(shortcut) ? 'iceberg-key-digit' : 'iceberg-key-letter'}>
          {shortcut}
        </kbd>
      )}
      <span class="iceberg-count" data-count={count} aria-hidden="true">
        {count}
      </span>
    </button>
  );
}

function Notice({ session, t }: { session: TaggingSession; t: SidebarText }) {
  const notice = session.notice;
  if (!notice) return null;
  if (notice.kind === 'info') {
    return (
      <p class="iceberg-info" role="status">
        {notice.text === 'undone' ? t.undone : notice.text}
      </p>
    );
  }
  const prefix = notice.kind === 'retrying' ? t.retrying : t.failed;
  const suffix = notice.code === 'extension-reloaded' ? ` ${t.reloadPage}` : '';
  return (
    <p class="iceberg-error" role="alert" data-error-code={notice.code}>
      {prefix}
      {notice.text}
      {suffix}
    </p>
  );
}

function ClickDetailsForm({ session, t }: { session: TaggingSession; t: SidebarText }) {
  const click = session.lastClick!;
  const category = findCategory(session.state!.taxonomy, click.categoryId);
  const locale = session.state!.settings.locale;
  const update = (details: ClickDetails) => session.updateDetails(details);
  return (
    <section class="iceberg-details" aria-label={t.details} data-click-id={click.id}>
      <h2 class="iceberg-subtitle">
        {t.lastClick}: {category ? categoryName(category, locale) : click.categoryId}
      </h2>
      <fieldset>
        <legend>{t.countingRule}</legend>
        {COUNTING_RULES.map((rule) => (
          <label key={rule} class="iceberg-choice">
            <input
              type="radio"
              name={`rule-${click.id}`}
              value={rule}
              checked={click.countingRule === rule}
              onChange={() => update({ countingRule: rule })}
            />
            {t.ruleNames[rule]}
          </label>
        ))}
      </fieldset>
      <label class="iceberg-field">
        {t.emotion}
        <select
          value={click.emotion ?? ''}
          onChange={(event) => {
            const value = (event.target as HTMLSelectElement).value;
            if (value) update({ emotion: value as (typeof EMOTIONS)[number] });
          }}
        >
          <option value="">{t.emotionNames.none}</option>
          {EMOTIONS.map((emotion) => (
            <option key={emotion} value={emotion}>
              {t.emotionNames[emotion]}
            </option>
          ))}
        </select>
      </label>
      <div class="iceberg-field" role="group" aria-label={t.riskGrade}>
        <span aria-hidden="true">{t.riskGrade}</span>
        <span class="iceberg-segmented">
          {RISK_GRADES.map((grade) => (
            <button
              key={grade}
              type="button"
              data-risk-grade={grade}
              aria-pressed={click.riskGrade === grade}
              onClick={() => update({ riskGrade: grade })}
            >
              {t.riskNames[grade]}
            </button>
          ))}
        </span>
      </div>
      <label class="iceberg-choice">
        <input
          type="checkbox"
          name="ticket-raised"
          checked={click.ticketRaised ?? false}
          onChange={(event) => update({ ticketRaised: (event.target as HTMLInputElement).checked })}
        />
        {t.ticketRaised}
      </label>
    </section>
  );
}
