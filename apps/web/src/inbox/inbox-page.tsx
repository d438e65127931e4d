import { App } from 'antd';
import { Route, Routes } from 'react-router-dom';
import { StandInsPage } from './stand-ins-page';
import { TaskList } from './task-list';
import { TaskPage } from './task-page';

/** 我的待办: the task list, a task's page with its form, and out-of-office stand-ins. */
export function InboxPage() {
  return (
    <App>
      <Routes>
        <Route index element={<TaskList />} />
        <Route path="tasks/:id" element={<TaskPage />} />
        <Route path="stand-ins" element={<StandInsPage />} />
      </Routes>
    </App>
  );
}
