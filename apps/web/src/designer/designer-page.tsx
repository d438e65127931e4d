import { App as AntApp } from 'antd';
import { Route, Routes } from 'react-router-dom';
import { DefinitionList } from './definition-list';
import { DefinitionEditor } from './editor/definition-editor';
import { VersionView, VersionsPage } from './versions-page';
import '@xyflow/react/dist/style.css';
import './designer.css';

/**
 * The process designer (流程设计器) under `/designer`: the county's definitions, the editor of one
 * definition, its published versions and their diff.
 */
export function DesignerPage() {
  return (
    <AntApp component={false}>
      <Routes>
        <Route index element={<DefinitionList />} />
        <Route path=":id" element={<DefinitionEditor />} />
        <Route path=":id/versions" element={<VersionsPage />} />
        <Route path=":id/versions/:version" element={<VersionView />} />
      </Routes>
    </AntApp>
  );
}
